"""Entries in, plain data out, never prints: finding entries, trends and the journal's status."""

# What `kjournal trends` shows on a terminal without --all (csv and json give every row). Here,
# not in trends.py, so that the command's help can name them without importing the reports.
RECENT_SESSIONS = 20
RECENT_WEEKS = 26
