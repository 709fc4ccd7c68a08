"""Data in, text out: plain lines, Rich views, export documents and the terminal asker."""
