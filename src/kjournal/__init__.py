"""kjournal: a private terminal journal for intention and integration in ketamine therapy."""

__version__ = "0.1.0"


def main() -> None:
    """Console-script entry point. `--version` is answered before the CLI machinery (Typer,
    Click) is imported: start-up is most of what that command costs."""
    import sys

    if sys.argv[1:] == ["--version"]:
        print(f"kjournal {__version__}")
        return
    from kjournal.cli import main as run

    run()
