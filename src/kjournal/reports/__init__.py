"""Entries in, plain data out, never prints: finding entries, trends and the journal's status."""
