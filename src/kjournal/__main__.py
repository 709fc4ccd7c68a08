"""Allow `python -m kjournal`."""

from kjournal.cli import main

main()
