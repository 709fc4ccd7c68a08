"""Allow `python -m kjournal`."""

from kjournal import main

main()
