"""kjournal: a private terminal journal for intention and integration in ketamine therapy."""

__version__ = "0.1.0"
