"""The kjournal command line: parses options, calls the core, prints. The only place that exits."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from kjournal import __version__
from kjournal.errors import KJournalError

if TYPE_CHECKING:
    from rich.console import Console

    from kjournal.flows import FlowResult
    from kjournal.store import Journal

SAFETY_LINE = "Not a medical device and not for emergencies: in a crisis run `kjournal support`."


class _Group(TyperGroup):
    """Turns core errors into one line on stderr and an exit code (tracebacks: --debug only)."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KJournalError as exc:
            if _debug(ctx):
                raise
            _err().print(_one_line(f"kjournal: {exc}"), highlight=False)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            _err().print("kjournal: stopped.")
            ctx.exit(130)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if _debug(ctx) or exc.__class__.__module__.startswith(("click", "typer")):
                raise
            _err().print(
                f"kjournal: unexpected error ({exc.__class__.__name__}); no entry was changed. "
                "Run again with --debug to see details."
            )
            ctx.exit(70)


def _one_line(message: str) -> Any:
    from rich.text import Text

    return Text(" ".join(message.split("\n")))


def _debug(ctx: typer.Context) -> bool:
    state = ctx.find_root().obj
    return bool(getattr(state, "debug", False))


app = typer.Typer(
    name="kjournal",
    cls=_Group,
    help=(
        "A private journal for intention and integration in ketamine-assisted therapy.\n\n"
        "Example: kjournal intend\n\n" + SAFETY_LINE
    ),
    add_completion=True,
    pretty_exceptions_enable=False,  # journal text is private: never print locals
    # Plain help: about half the start-up time of Rich-formatted help, and reads well in pipes.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class AppState:
    journal_option: Path | None
    debug: bool

    def journal(self) -> Journal:
        from kjournal.config import journal_home
        from kjournal.store import Journal

        return Journal(journal_home(self.journal_option))


def _out() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)  # one message, one line


def _version(value: bool) -> None:
    if value:
        print(f"kjournal {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    journal: Annotated[
        Path | None,
        typer.Option(
            "--journal",
            envvar="KJOURNAL_HOME",
            help="Journal folder (default: your platform's data folder).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for bug reports.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """A private journal for intention and integration in ketamine-assisted therapy.

    Example: kjournal intend
    """
    ctx.obj = AppState(journal, debug)
    if ctx.invoked_subcommand is None:
        _status(ctx.obj.journal())


def _status(journal: Journal) -> None:
    from kjournal.status import journal_status

    status = journal_status(journal.scan())
    out = _out()
    out.print(status.summary)
    out.print(f"Next: {status.next_command}", style="bold")
    out.print(f"All commands: kjournal --help. {SAFETY_LINE}", style="dim")


AnswersOption = Annotated[
    str | None,
    typer.Option(
        "--answers",
        help="YAML file of prompt ids to answers ('-' reads standard input); the rest are asked.",
        metavar="FILE",
    ),
]
NoInputOption = Annotated[
    bool,
    typer.Option(
        "--no-input", help="Never prompt: skip optional questions, fail on required ones."
    ),
]
ResumeOption = Annotated[
    bool | None,
    typer.Option(
        "--resume/--fresh", help="Resume an unfinished draft, or set it aside; asks if not given."
    ),
]


def _run_flow(
    state: AppState,
    flow: str,
    answers: str | None,
    no_input: bool,
    resume: bool | None,
    **extra: Any,
) -> None:
    from kjournal import flows
    from kjournal.asker import TerminalAsker
    from kjournal.interview import load_answers
    from kjournal.prompts import load_prompt_set

    journal = state.journal()
    prompt_set = load_prompt_set(flow, _prompt_dirs(journal))
    options = flows.FlowOptions(resume=resume, **extra)
    if answers is not None:
        options.answers, options.answers_source = load_answers(answers)
    reads_stdin = answers == "-"
    asker = None if no_input or reads_stdin else TerminalAsker(_out())
    run = flows.intend if flow == "intend" else flows.integrate
    result = run(journal, prompt_set, asker, options)
    _report_saved(result)


def _prompt_dirs(journal: Journal) -> list[Path]:
    from kjournal.config import load_config

    config = load_config()
    return [journal.prompts_dir] + ([config.prompts_dir] if config.prompts_dir else [])


def _report_saved(result: FlowResult) -> None:
    from rich.text import Text

    from kjournal import safety, views

    out, err = _out(), _err()
    _report_problems(result.problems)
    out.print()
    if result.prompt_set.outro:
        out.print(Text(result.prompt_set.outro))
    what = "intention" if result.entry.kind == "intention" else "reflection"
    out.print(Text(f"Saved your {what} for session {result.entry.session}: {result.path}"))
    if result.draft_set_aside:
        err.print(Text(f"Your earlier unfinished answers are kept at {result.draft_set_aside}"))
    if result.draft_left:
        err.print(Text(f"An unfinished draft is still waiting at {result.draft_left}"))
    if safety.entry_signals_risk(result.entry.fields):
        out.print(views.crisis_panel(safety.DEFAULT_RESOURCES, safety.NOT_MONITORED))


def _report_problems(problems: list) -> None:
    from rich.text import Text

    err = _err()
    for problem in problems:
        err.print(Text(f"kjournal: could not read {problem} (left as is)"))


@app.command()
def intend(
    ctx: typer.Context,
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    resume: ResumeOption = None,
) -> None:
    """Before a session: a short mood check-in and intention prompts.

    Creates the next session (1, 2, 3, ...) and saves your intention for it.
    Press Enter to skip any question; Ctrl-C keeps your answers for next time.

    Example: kjournal intend    (or: kjournal intend --answers answers.yaml --no-input)
    """
    _run_flow(ctx.obj, "intend", answers, no_input, resume)


@app.command()
def integrate(
    ctx: typer.Context,
    session: Annotated[
        int | None,
        typer.Option(
            "--session", "-s", min=1, help="Session number (default: the latest waiting one)."
        ),
    ] = None,
    again: Annotated[
        bool, typer.Option("--again", help="Add another integration to a session that has one.")
    ] = False,
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    resume: ResumeOption = None,
) -> None:
    """After a session: how you feel now, then reflection prompts linked to your intention.

    Example: kjournal integrate    (or: kjournal integrate --session 3)
    """
    _run_flow(ctx.obj, "integrate", answers, no_input, resume, session=session, again=again)


class TrendsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def trends(
    ctx: typer.Context,
    output_format: Annotated[
        TrendsFormat, typer.Option("--format", "-f", help="table, or json/csv for scripts.")
    ] = TrendsFormat.table,
    since: Annotated[
        str | None, typer.Option("--since", help="Only sessions from this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Mood and anxiety per session (before, after, change) and over time.

    Example: kjournal trends --since 2026-01-01    (or: kjournal trends --format csv > moods.csv)
    """
    from kjournal import trends as core
    from kjournal import views

    since_date = core.parse_since(since)
    scan = ctx.obj.journal().scan()
    _report_problems(scan.problems)
    rows = core.session_rows(scan.entries, since_date)
    summary = core.summarise(rows)
    series = core.mood_series(scan.entries, since_date)
    out = _out()
    if output_format is TrendsFormat.json:
        data = {
            "sessions": [r.as_record() for r in rows],
            "summary": vars(summary),
            "mood": [{"created": when.isoformat(), "mood": mood} for when, mood in series],
        }
        sys.stdout.write(views.to_json(data))
    elif output_format is TrendsFormat.csv:
        records = [r.as_record() for r in rows]
        sys.stdout.write(views.to_csv(records, core.SESSION_COLUMNS))
    elif not rows:
        out.print(
            "No sessions yet. Before your next session, run `kjournal intend`; "
            "afterwards, `kjournal integrate`. Your trends will appear here."
        )
    else:
        out.print(views.trends_view(rows, summary, [mood for _, mood in series]))


@app.command()
def where(ctx: typer.Context) -> None:
    """Show the folders kjournal uses: journal, entries, drafts, your own prompts, config file.

    Example: kjournal where    (or: kjournal --journal ~/my-journal where)
    """
    from kjournal.config import config_path

    journal = ctx.obj.journal()
    rows = {
        "journal": journal.root,
        "entries": journal.entries_dir,
        "drafts": journal.drafts_dir,
        "prompts": journal.prompts_dir,
        "config": config_path(),
    }
    for name, path in rows.items():
        print(f"{name:8} {path}")


def main() -> None:
    """Console-script entry point."""
    app(prog_name="kjournal")
