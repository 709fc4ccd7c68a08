"""What is asked: prompt sets and scales as data, the one catalogue of their names, and the
interview engine that walks a prompt set with any asker."""
