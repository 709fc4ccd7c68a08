"""The kjournal command line: parses options, calls the core, prints. The only place that exits."""

# No `from __future__ import annotations` here: Typer would have to eval every parameter's
# annotation string on each run (about 12 ms for these commands); real objects are read as is.
import contextlib
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from kjournal import __version__
from kjournal.errors import KJournalError, UsageError
from kjournal.reports import RECENT_SESSIONS, RECENT_WEEKS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from rich.console import Console

    from kjournal.config import Config
    from kjournal.errors import EntryError
    from kjournal.flows import FlowOptions, FlowResult, PartSaved
    from kjournal.journal.entry import Entry
    from kjournal.journal.paths import JournalPaths
    from kjournal.journal.store import Journal, JournalScan
    from kjournal.journal.sync import SyncResult
    from kjournal.questions.interview import Asker
    from kjournal.questions.scales import Scale, ScaleResult
    from kjournal.reports.trends import TrendsReport
    from kjournal.safety import CrisisResources

PASSPHRASE_FILE_ENV = "KJOURNAL_PASSPHRASE_FILE"
UNEXPECTED_ERROR = 70  # EX_SOFTWARE in sysexits.h: a fault in kjournal, not in what was asked
SAFETY_LINE = "Not a medical device and not for emergencies: in a crisis run `kjournal support`."


class _Group(TyperGroup):
    """The command line's one exit point: however a run ends, it leaves through `main` with
    one exit code, chosen by `_exit_code` (tracebacks: --debug only)."""

    def main(
        self,
        args: "Sequence[str] | None" = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,  # unused: kjournal runs on POSIX systems (fcntl locks)
        **extra: Any,
    ) -> Any:  # Any, as Click's own: an int exit code, returned when standalone_mode is False
        """Run one command and exit with its code (returned instead without standalone_mode)."""
        # Click's own main would catch Ctrl-C, Ctrl-D and a closed pipe first and answer them
        # its way (a blank line, "Aborted!", exit 1); kjournal answers every ending here instead.
        args = sys.argv[1:] if args is None else list(args)
        prog_name = prog_name or self.name or "kjournal"
        self._main_shell_completion(extra, prog_name, complete_var)  # exits when completing
        state = extra.setdefault("obj", AppState())
        try:
            with self.make_context(prog_name, args, **extra) as ctx:
                self.invoke(ctx)
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk behind `> file` shows here, not after exit
            code = 0
        except (Exception, KeyboardInterrupt) as exc:
            try:
                code = _exit_code(exc, state)
            except OSError as failed:  # the output itself failed: a full disk behind `> file`
                if failed is exc:  # --debug raising the command's own error: its traceback
                    raise
                if sys.stderr is not None:
                    reason = failed.strerror
                    print(f"kjournal: the output could not be written ({reason})", file=sys.stderr)
                _silence_stdout()
                code = 1
        _commit_what_was_written(state)
        if standalone_mode:
            sys.exit(code)
        return code


def _commit_what_was_written(state: "AppState") -> None:
    """After a command that wrote (an entry saved, edited, deleted, restored; a flow that saved
    a part before it stopped), commit it when the journal is synced: the one place auto-commit
    happens. A no-op costing one stat otherwise. A failure never loses or blocks the entry: one
    line, and the next `kjournal sync` commits it."""
    if state.commit_message is None:
        return
    try:
        from kjournal.journal import sync

        sync.commit_pending(state.paths().root, state.commit_message)
    except Exception as exc:
        reason = str(exc) if isinstance(exc, KJournalError) else exc.__class__.__name__
        with contextlib.suppress(Exception):  # the output itself failing: nothing more to do
            _warn(f"saved, but not committed for sync yet ({reason}); `kjournal sync` commits it")


def _exit_code(exc: BaseException, state: "AppState") -> int:
    """Tell the person how the run ended, in one line on stderr, and choose its exit code.
    With --debug, errors are raised again instead, so that Python prints the traceback."""
    if isinstance(exc, typer.Exit):  # --help, --version, doctor finding something: said already
        return int(exc.exit_code)
    if isinstance(exc, (KeyboardInterrupt, EOFError, typer.Abort)):  # Ctrl-C, Ctrl-D at a question
        _say_stopped()
        return 130
    if isinstance(exc, BrokenPipeError):
        # The reader of our output went away (`| head`): nothing more to say to it, and
        # what was saved is saved. Quiet, like other Unix tools; 141 = 128 + SIGPIPE.
        _silence_stdout()
        return 141
    if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
        # Click's usage errors (bad option, value out of range): one line, not a usage block.
        command = getattr(getattr(exc, "ctx", None), "command_path", "kjournal")
        _err().print(_one_line(f"kjournal: {exc.format_message()} (see: {command} --help)"))
        return int(exc.exit_code)
    if state.debug:
        raise exc
    if isinstance(exc, KJournalError):
        unsaved = getattr(exc, "unsaved_text", None)
        if unsaved:  # nothing could be written anywhere: the screen is the last copy
            from kjournal.render.plain import printable

            print(printable(f"\nYour answers, not saved:\n\n{unsaved}"), flush=True)
        if getattr(exc, "risk", False):  # stopped soon after a risk answer
            _crisis_reminder(state)
        _err().print(_one_line(f"kjournal: {exc}"), highlight=False)
        return exc.exit_code
    if isinstance(exc, OSError) and exc.errno in _output_full():
        # A full disk reaching this point is the output's (`> file`): a full journal is met,
        # and said, where an entry or draft is saved.
        _err().print(_one_line(f"kjournal: the output could not be written ({exc.strerror})"))
        _silence_stdout()
        return 1
    # Only the class's name: the message of an unexpected error may quote journal text. A draft
    # is promised only where one is kept: a flow that asks questions writes one after each answer.
    kept = (
        "Any answers already saved are in your journal (`kjournal list` shows them); any not "
        "yet saved wait in a draft that the next run of the command offers to resume."
        if state.asking_flow
        else "Anything it reported as saved is in your journal (`kjournal list` shows it); "
        "nothing else of this run was kept."
    )
    _err().print(
        f"kjournal: an unexpected error happened ({exc.__class__.__name__}). {kept} To see the "
        "traceback, run the command again with --debug."
    )
    return UNEXPECTED_ERROR


def _output_full() -> set[int]:
    import errno

    return {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def _say_stopped() -> None:
    """'Stopped.' on a line of its own, even when the question it cut off was mid-line."""
    start = "\n" if sys.stdin.isatty() else ""
    _err().print(f"{start}kjournal: stopped. Nothing more was written.")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's own flush at exit does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _raise_stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # a closed terminal or `kill`: stop as Ctrl-C does, keeping the draft


def _stop_on_hangup() -> None:
    """A flow treats a closed terminal (SIGHUP) and SIGTERM like Ctrl-C: the draft is written and
    any part already answered is saved, instead of the process vanishing mid-write."""
    import signal

    for name in ("SIGHUP", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _raise_stop)


def _one_line(message: str) -> Any:
    from rich.text import Text

    from kjournal.render.plain import printable

    return Text(printable(" ".join(message.split("\n"))))


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


class AppState:
    """What the global options chose, and the journal and settings read once per run, shared
    by every command (made before the options are parsed, so that the exit point has it)."""

    def __init__(self, journal_option: Path | None = None, debug: bool = False) -> None:
        self.journal_option = journal_option
        self.debug = debug
        self.passphrase_file: Path | None = None
        self.keep_key = True  # an unlocked key is kept open for unlock_minutes
        self._config: Config | None = None
        self._journal: Journal | None = None
        self.asking_flow = False  # a flow asking questions, so keeping a draft of the answers
        # What this run wrote, as a commit message (kind and time, never answer text): set by a
        # command that writes, committed at the exit point when the journal is synced.
        self.commit_message: str | None = None

    def wrote(self, action: str, entry: "Entry | None" = None) -> None:
        """Say that this run wrote to the journal (see `_commit_what_was_written`)."""
        from kjournal.journal.sync import commit_message

        self.commit_message = commit_message(action, entry)

    def paths(self) -> "JournalPaths":
        from kjournal.config import journal_home
        from kjournal.journal.paths import JournalPaths

        return JournalPaths(journal_home(self.journal_option))

    def journal(self) -> "Journal":
        """One Journal per command, so that its notices (a lock taken over) are all reported."""
        if self._journal is None:
            from kjournal.config import journal_home
            from kjournal.journal.crypto import Keys
            from kjournal.journal.paths import JournalPaths
            from kjournal.journal.store import Journal

            root = journal_home(self.journal_option)
            keys = Keys(
                JournalPaths(root),
                ask=self.ask_passphrase,
                keep_minutes=self._keep_minutes,
                pin_folder=_state_dir() / "recipients",
            )
            keys.keep_new = self.keep_key and self.passphrase_source() is None
            self._journal = Journal(root, keys)
        return self._journal

    def passphrase_source(self) -> Path | None:
        import os

        source = self.passphrase_file or os.environ.get(PASSPHRASE_FILE_ENV)
        return Path(source) if source else None

    def _keep_minutes(self) -> float:
        """How long an unlocked key is kept (0: not at all, and a kept one is closed). A key
        unlocked from a passphrase file, or by decrypt or passphrase, is not kept (Keys.keep_new):
        a backup job must not leave the desktop's journal open."""
        return self.config().unlock_minutes

    def ask_passphrase(self, why: str, again: bool = False) -> str:
        """The passphrase of an encrypted journal: from --passphrase-file (or the file that
        $KJOURNAL_PASSPHRASE_FILE names) for scripts, else typed, unseen, in the terminal.
        Nothing typed means going on without unlocking (Locked)."""
        from kjournal.errors import Locked, WrongPassphrase

        source = self.passphrase_source()
        if source is not None:
            if again:
                raise WrongPassphrase(
                    f"the passphrase in {source} does not open this journal's key; nothing was "
                    "read or changed"
                )
            return read_passphrase_file(source)
        if not (sys.stdin.isatty() and _stderr_is_terminal()):
            raise Locked(
                "your journal is encrypted and locked; run the command in a terminal to type "
                "your passphrase, or pass --passphrase-file FILE"
            )
        import getpass

        if again:
            _err().print("That passphrase does not open your journal; try again.")
        else:
            _err().print(_one_line(self._unlock_line(why)), style="dim")
        typed = getpass.getpass("Passphrase (hidden as you type): ", stream=sys.stderr)
        if not typed:
            raise Locked("no passphrase was typed, so your journal stays locked")
        return typed

    def _unlock_line(self, why: str) -> str:
        from kjournal.journal.crypto import memory_folder

        minutes = self._keep_minutes()
        if not self.keep_key:
            kept = ""
        elif minutes and memory_folder() is not None:
            kept = f" It stays open {minutes:g} minutes; `kjournal lock` closes it sooner."
        else:
            kept = " It is not kept open after this command."
        return f"Your journal is encrypted. Type your passphrase {why} (Enter skips).{kept}"

    def config(self) -> "Config":
        """The settings. A broken config file is a warning and the defaults are used: never a
        wall in front of an intention before a session, or in front of the crisis lines
        (`kjournal doctor` names the problem too)."""
        from kjournal.config import Config, load_config
        from kjournal.errors import ConfigError

        if self._config is None:
            try:
                self._config = load_config()
            except ConfigError as exc:
                _warn(f"{exc}; using the default settings for now")
                self._config = Config()
        return self._config

    def prompt_dirs(self) -> list[Path]:
        """Where custom prompt sets are looked for before the packaged ones."""
        from kjournal.questions.sources import prompt_dirs

        configured = self.config().prompts_dir
        return prompt_dirs(self.journal().prompts_dir, configured)

    def scale(self, name: str) -> "Scale":
        from kjournal.questions.scales import load_scale

        return load_scale(name, self.prompt_dirs())

    def crisis_resources(self) -> "CrisisResources":
        """The configured lines, or the built-in ones whatever is wrong with the config."""
        from kjournal.safety import DEFAULT_RESOURCES, crisis_resources

        try:
            config = self.config()
            return crisis_resources(config.crisis_region, config.crisis_lines)
        except Exception:  # nothing may stop the crisis lines
            return DEFAULT_RESOURCES

    def loadable_scales(self, names: "Iterable[str]") -> dict[str, "Scale"]:
        """The scales of these names that load; one that does not is left out, not fatal."""
        from kjournal.questions.sources import loadable_scales

        return loadable_scales(names, self.prompt_dirs())

    def with_bodies(self, entries: "list[Entry]") -> "list[Entry]":
        """The entries with their written answers read; one that cannot be read is named on
        stderr and kept with its front matter only."""
        problems: list[EntryError] = []
        loaded = self.journal().with_bodies(entries, problems)
        _report_problems(problems)
        return loaded

    def report_scales(
        self, entries: "Iterable[Entry]", *, every_packaged: bool = False
    ) -> dict[str, "Scale"]:
        """The questionnaires a report on these entries shows, those that load."""
        from kjournal.questions.sources import report_scale_names

        return self.loadable_scales(report_scale_names(entries, every_packaged=every_packaged))

    def has_safety_plan(self) -> bool:
        try:
            return self.journal().has_safety_plan()
        except Exception:  # only decides whether to point to the plan
            return False


def show_crisis_lines(state: AppState, *, point_to_plan: bool = True) -> None:
    """The crisis panel, whatever else is broken: if even Rich fails, the lines as plain text."""
    from kjournal import safety
    from kjournal.render.plain import printable

    resources = state.crisis_resources()
    try:
        from kjournal.render import views

        plan = point_to_plan and state.has_safety_plan()
        _out().print(views.crisis_panel(resources, safety.NOT_MONITORED, has_safety_plan=plan))
    except Exception:
        lines = [safety.REACHING_OUT, *(f"- {line}" for line in resources.lines)]
        print(printable("\n".join([*lines, safety.NOT_MONITORED])), flush=True)


def _crisis_reminder(state: AppState) -> None:
    """One line after a flow stopped soon after a risk answer: the panel may have been cut off."""
    from kjournal.render.plain import printable
    from kjournal.safety import DEFAULT_RESOURCES

    try:
        first = state.crisis_resources().lines[0]
    except Exception:
        first = DEFAULT_RESOURCES.lines[0]
    print(printable(f"Support is there now: {first} `kjournal support` shows every line."))


def _warn(message: str) -> None:
    _err().print(_one_line(f"kjournal: {message}"), highlight=False)


def _out() -> "Console":
    from rich.console import Console

    return Console(highlight=False)


def _err() -> "Console":
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    # On a terminal a message wraps at word boundaries to its width (the terminal's own wrap
    # splits words); into a pipe or a log each message stays one line, unpadded.
    console.soft_wrap = not console.is_terminal
    return console


def _say(text: str, *, err: bool = False) -> None:
    """Plain prose without Rich (so that `checkin --mood 6` stays quick): wrapped at word
    boundaries on a terminal, whole lines into a pipe."""
    stream = sys.stderr if err else sys.stdout
    if stream.isatty():
        import textwrap

        lines = text.split("\n")
        text = "\n".join(
            textwrap.fill(line, _width(), break_long_words=False, break_on_hyphens=False)
            for line in lines
        )
    print(text, file=stream, flush=True)


def _write_out(text: str) -> None:
    """Data to standard output: exact into a file or pipe, never raw control codes on a terminal
    (an answer's escape sequences would act there: recolour, write the clipboard, make links)."""
    from kjournal.render.plain import for_stdout

    sys.stdout.write(for_stdout(text, terminal=_stdout_is_terminal()))


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


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
    passphrase_file: Annotated[
        Path | None,
        typer.Option(
            "--passphrase-file",
            envvar=PASSPHRASE_FILE_ENV,
            help="Read an encrypted journal's passphrase from this file (for scripts).",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
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
    state = ctx.ensure_object(AppState)
    state.journal_option, state.debug = journal, debug
    state.passphrase_file = passphrase_file
    if ctx.invoked_subcommand is None:
        _status(ctx.obj)


def _status(state: AppState) -> None:
    from rich.text import Text

    from kjournal.reports.status import journal_status

    scan = _scan_reporting(state)
    config = state.config()
    status = journal_status(
        scan,
        scales=config.intend_scales,
        due_days=config.scales_due_days,
        drafts=state.journal().drafts(),
    )
    out = _out()
    out.print(_one_line(status.summary))
    out.print(Text(f"Next: {status.next_command}"), style="bold")
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
    flow: "Callable[[Journal, Asker | None, FlowOptions], FlowResult]",
    kind: str,
    no_input: bool,
    **given: Any,
) -> None:
    """Run a flow with the options as given, and report what it saved."""
    from kjournal import flows
    from kjournal.journal.entry import now_local

    # Before the run: a flow stopped after saving a part (a questionnaire) is committed too.
    state.wrote(f"{kind} {now_local():%Y-%m-%d %H:%M}")

    config = state.config()
    options = flows.FlowOptions(
        **given,
        prompt_dirs=state.prompt_dirs(),
        intend_scales=config.intend_scales,
        scales_due_days=config.scales_due_days,
        events=_FlowEvents(state),
    )
    _stop_on_hangup()
    asker = None
    if options.asks(no_input=no_input):
        from kjournal.render.asker import TerminalAsker

        asker = TerminalAsker(_out())
        state.asking_flow = True
    journal = state.journal()
    journal.unlock_to_read = False  # writing never waits on a passphrase (see Journal)
    result = flow(journal, asker, options)
    state.wrote(result.entry.kind, result.entry)
    _report_saved(state, result)


class _FlowEvents:
    """Tells the person, the moment it happens, that a questionnaire or a risk answer was saved
    as its own entry; after a risk answer the crisis lines come at once, saved or not."""

    def __init__(self, state: AppState) -> None:
        self.state = state

    def part_saved(self, part: "PartSaved") -> None:
        from kjournal.render import plain

        if part.path is not None:
            _say(plain.printable(plain.saved_line(part.entry, part.path)))
        _show_scores(self.state, part.scale_results)
        if part.risk:  # whatever happened above: the lines come next
            show_crisis_lines(self.state)
        if part.path is None:
            what = plain.kind_label(part.entry) if part.scale_results else "this answer"
            _warn(
                f"your {what} could not be saved yet ({part.error}); kjournal tries again when "
                "you finish, and tells you where your answers are"
            )

    def warn(self, message: str) -> None:
        _warn(message)


def _show_scores(state: AppState, results: "list[ScaleResult]") -> None:
    """Each score and band; a scale file that broke since is a warning, never a stop."""
    from kjournal.render import views

    out = _out()
    for result in results:
        try:
            out.print(views.scale_result_text(state.scale(result.scale), result))
        except KJournalError as exc:
            _warn(f"the score could not be shown ({exc}); your answers are kept")


def _report_saved(state: AppState, result: "FlowResult") -> None:
    """What was saved and where; Rich only for scores and the crisis panel, so that a quick
    `kjournal checkin --mood 6` from an alias stays quick. A questionnaire taken on its own
    was reported the moment it was saved."""
    from kjournal.render import plain

    _report_problems(result.problems)
    reported = any(part.path == result.path for part in result.parts)
    lines = [""]
    if result.prompt_set.outro:
        lines.append(result.prompt_set.outro)
    if not reported:
        lines.append(plain.saved_line(result.entry, result.path))
    _say(plain.printable("\n".join(lines)))
    notes = [f"kjournal: {notice}" for notice in result.notices]
    if result.draft_left:
        notes.append(f"An unfinished draft is still waiting at {result.draft_left}")
    for note in notes:
        _say(plain.printable(note), err=True)
    if reported:
        _show_licences(state, result)
        return
    try:
        _show_scores(state, result.scale_results)
    finally:
        if result.risk:  # only ever after the entry is saved
            show_crisis_lines(state)
    _show_licences(state, result)


def _show_licences(state: AppState, result: "FlowResult") -> None:
    """The licence notice of each questionnaire answered, once, at the end of the screen."""
    from kjournal.render import views

    taken = [r.scale for part in result.parts for r in part.scale_results]
    scales = state.loadable_scales(
        dict.fromkeys([*taken, *(r.scale for r in result.scale_results)])
    )
    if scales:
        _out().print(views.licence_notices(scales.values()))


def _report_problems(problems: "list[EntryError]") -> None:
    if not problems:
        return
    err = _err()
    for problem in problems:
        err.print(_one_line(f"kjournal: could not read {problem} (left as is)"))


@app.command()
def intend(
    ctx: typer.Context,
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    resume: ResumeOption = None,
) -> None:
    """Before a session: a mood check-in and your intention.

    A short mood check-in, the session facts, then intention prompts. Creates the next
    session (1, 2, 3, ...) and saves your intention for it.
    Press Enter to skip any question; Ctrl-C keeps your answers for next time.

    Example: kjournal intend    (or: kjournal intend --answers answers.yaml --no-input)
    """
    from kjournal import flows

    _run_flow(ctx.obj, flows.intend, "intention", no_input, answers_file=answers, resume=resume)


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
    """After a session: how you feel and what you take from it.

    How you feel now, then reflection prompts linked to that session's intention.

    Example: kjournal integrate    (or: kjournal integrate --session 3)
    """
    from kjournal import flows

    given = {"answers_file": answers, "resume": resume, "session": session, "again": again}
    _run_flow(ctx.obj, flows.integrate, "integration", no_input, **given)


class TrendsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class TrendsView(StrEnum):
    sessions = "sessions"
    scales = "scales"
    weeks = "weeks"
    themes = "themes"
    all = "all"


@app.command()
def trends(
    ctx: typer.Context,
    output_format: Annotated[
        TrendsFormat, typer.Option("--format", "-f", help="table, or json/csv for scripts.")
    ] = TrendsFormat.table,
    view: Annotated[
        TrendsView | None,
        typer.Option(
            "--view",
            help="sessions, scales, weeks, all (default; sessions for csv), or themes: the "
            "words and phrases you return to.",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only entries from this date (YYYY-MM-DD).")
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help=f"Every session and week, not only the latest {RECENT_SESSIONS} and "
            f"{RECENT_WEEKS} (themes: every one that recurs).",
        ),
    ] = False,
) -> None:
    """Mood and scores over time, per session, scale and week.

    Per session: mood and anxiety before and after, questionnaires in the week before, and how
    many days the lift in mood lasted (from daily check-ins). Per questionnaire: first score
    against latest, and whether the change is meaningful. Per week: average mood and anxiety.

    Themes: the words and short phrases that recur across your intentions and reflections, with
    the sessions they appear in; counted on this computer, shown, never interpreted.

    Example: kjournal trends --view scales    (or: kjournal trends --format csv > sessions.csv)
    """
    if view is TrendsView.themes:
        _print_themes(ctx.obj, output_format, since, show_all)
        return
    from kjournal.render import plain
    from kjournal.reports import query
    from kjournal.reports import trends as core

    state: AppState = ctx.obj
    chosen = core.chosen_views(view.value if view else None, output_format.value)
    since_date = query.parse_day("--since", since)
    scan = _scan_reporting(state)
    scales = state.report_scales(scan.entries)
    gap = state.config().relief_max_gap_days
    report = core.build_report(scan.entries, scales, since_date, max_gap_days=gap)
    if output_format is TrendsFormat.json:
        _write_out(plain.to_json(report.as_data(chosen)))
    elif output_format is TrendsFormat.csv:
        records, columns = report.records(chosen[0])
        _write_out(plain.to_csv(records, columns))
    elif not scan.entries:
        _out().print(
            "No entries yet. Before your next session, run `kjournal intend`; afterwards, "
            "`kjournal integrate`; on other days, `kjournal checkin`. Your trends will appear here."
        )
    else:
        _print_trends(report, chosen, scales, gap, show_all)


def _print_themes(
    state: AppState, output_format: TrendsFormat, since: str | None, show_all: bool
) -> None:
    """The recurring words and phrases of intentions and reflections, as a table or JSON."""
    from kjournal.render import themes as render
    from kjournal.reports import query
    from kjournal.reports import themes as core

    if output_format is TrendsFormat.csv:
        raise UsageError("--view themes is a table or --format json")
    since_date = query.parse_day("--since", since)
    entries = state.with_bodies(core.theme_entries(_scan_reporting(state).entries, since_date))
    report = core.find_themes(
        entries, limit=None if show_all else core.DEFAULT_LIMIT, since=since_date
    )
    if output_format is TrendsFormat.json:
        _write_out(render.themes_json(report))
    else:
        _out().print(render.themes_view(report))


def _print_trends(
    report: "TrendsReport",
    chosen: list[str],
    scales: dict[str, "Scale"],
    gap: int,
    show_all: bool,
) -> None:
    """The chosen views as tables, a terminal's worth unless --all, then the notes."""
    from rich.text import Text

    from kjournal.render import views

    out = _out()
    shown = False
    sessions, weeks = report.recent_sessions(show_all), report.recent_weeks(show_all)
    if "sessions" in chosen and report.sessions:
        out.print(views.session_table(sessions, gap))
        if len(sessions) < len(report.sessions):
            out.print(views.more_rows(len(sessions), len(report.sessions), "sessions"))
        out.print(views.session_summary(report.summary, [m for _, m in report.mood]))
        shown = True
    if "scales" in chosen and report.scales:
        out.print(views.scales_table(report.scales, scales, report.since))
        out.print()
        shown = True
    if "weeks" in chosen and report.weeks:
        out.print(views.weeks_table(weeks, report.since))
        if len(weeks) < len(report.weeks):
            out.print(views.more_rows(len(weeks), len(report.weeks), "weeks"))
        shown = True
    if not shown:
        when = "in this period" if report.since else "yet"
        out.print(f"Nothing to show in this view {when} ({', '.join(chosen)}).")
        return
    if report.notes and "scales" in chosen:
        out.print(views.notes_view(report.notes))
    out.print(Text(views.RATINGS_NOTE, style="dim"))


@app.command()
def checkin(
    ctx: typer.Context,
    mood: Annotated[int | None, typer.Option(min=0, max=10, help="Mood 0-10.")] = None,
    anxiety: Annotated[int | None, typer.Option(min=0, max=10, help="Anxiety 0-10.")] = None,
    energy: Annotated[int | None, typer.Option(min=0, max=10, help="Energy 0-10.")] = None,
    sleep: Annotated[
        float | None, typer.Option(min=0, max=24, help="Hours slept last night.")
    ] = None,
    side_effects: Annotated[
        str | None,
        typer.Option(
            "--side-effects",
            help="Comma-separated: nausea, dizziness, headache, dissociation_lingering, "
            "sleep_trouble, bladder_discomfort, none.",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A short note.")] = None,
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    resume: ResumeOption = None,
) -> None:
    """A one-minute check-in on any day, between sessions.

    Mood, anxiety, energy, sleep, side effects and a note.

    Daily check-ins let trends show how long the relief of a session lasts.
    With any of the rating flags, nothing is asked: handy for a shell alias.

    Example: kjournal checkin    (or: kjournal checkin --mood 6 --anxiety 3)
    """
    from kjournal import flows

    flags = {
        "mood": mood,
        "anxiety": anxiety,
        "energy": energy,
        "sleep_hours": sleep,
        "side_effects": side_effects,
        "note": note,
    }
    _run_flow(
        ctx.obj,
        flows.checkin,
        "checkin",
        no_input,
        answers_file=answers,
        flags=flags,
        resume=resume,
    )


@app.command()
def scale(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="A questionnaire, e.g. phq9 (all of them: kjournal prompts list).",
            show_default=False,
        ),
    ],
    items: Annotated[
        str | None,
        typer.Option(
            "--items", help="All answers at once, in order, comma-separated (e.g. 1,0,2,...)."
        ),
    ] = None,
    no_input: NoInputOption = False,
    resume: ResumeOption = None,
) -> None:
    """A validated questionnaire: PHQ-9, GAD-7, PCL-5, WHO-5.

    The score and its band are information to discuss with your clinician, never a diagnosis.
    Their recall windows (two weeks; a month for PCL-5) mean once a week is plenty.

    Example: kjournal scale phq9    (or: kjournal scale gad7 --items 1,1,0,2,1,0,1)
    """
    from functools import partial

    from kjournal import flows

    _run_flow(
        ctx.obj,
        partial(flows.take_scale, name=name),
        "questionnaire",
        no_input,
        items=items,
        resume=resume,
    )


@app.command()
def support(
    ctx: typer.Context,
    edit: Annotated[
        bool, typer.Option("--edit", help="Open your own safety plan in your editor.")
    ] = False,
) -> None:
    """Crisis lines and your own safety plan, at any time.

    kjournal is not monitored by anyone and is not for emergencies.

    Example: kjournal support    (or: kjournal support --edit)
    """
    from rich.text import Text

    state: AppState = ctx.obj
    out = _out()
    if edit:
        from kjournal.safety import edit_safety_plan

        def created(path: Path) -> None:
            out.print(Text(f"Created your safety plan at {path}"))

        _stop_on_hangup()  # a closed terminal still removes a decrypted copy
        state.wrote("safety plan")
        path = edit_safety_plan(state.journal(), on_created=created)
        out.print(Text(f"Saved: {path}"))
        return
    # First, before anything that reads the journal or config; the plan itself follows.
    show_crisis_lines(state, point_to_plan=False)
    try:
        plan = state.journal().read_safety_plan()
    except Exception as exc:  # the lines are shown; the plan is a bonus here
        reason = str(exc) if isinstance(exc, KJournalError) else exc.__class__.__name__
        _warn(f"your safety plan could not be shown ({reason})")
        return
    if plan is None:
        out.print(
            Text(
                "You can keep your own safety plan here too: kjournal support --edit "
                "(best filled in with your care team, on a steady day).",
                style="dim",
            )
        )
    else:
        from kjournal.render import views

        out.print(views.safety_plan_view(plan))


@app.command()
def doctor(
    ctx: typer.Context,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix", help="Do the safe fixes: permissions, leftover temp files, a stale lock."
        ),
    ] = False,
) -> None:
    """Check the journal and mend what is safe to mend.

    Looks for unreadable entries, broken session links, old drafts, file permissions, leftover
    temp files and stale locks. Exits 1 when something needs attention.

    --fix only does what is safe and never changes what you wrote.

    Example: kjournal doctor    (or: kjournal doctor --fix)
    """
    from rich.text import Text

    from kjournal.config import config_problem
    from kjournal.journal import doctor as core

    journal = ctx.obj.journal()
    journal.check_is_a_folder()
    out = _out()
    findings = core.examine(journal, config_problem=config_problem())
    for finding in findings:
        action = f" [--fix: {finding.fix}]" if finding.fix and not fix else ""
        line = f"{finding.kind:15} {finding.path}: {finding.message}{action}"
        out.print(_one_line(line), soft_wrap=True)
    fixed = core.fix(journal, findings) if fix else []
    for finding in fixed:
        out.print(_one_line(f"fixed: {finding.fix}: {finding.path}"), soft_wrap=True)
    remaining = core.still_needing_attention(findings, fixed)
    if remaining <= 0:
        out.print(Text(f"All good: {len(journal.entry_paths())} entries in {journal.root}."))
    else:
        things = "1 thing needs" if remaining == 1 else f"{remaining} things need"
        out.print(Text(f"{things} your attention; nothing was changed in them."))
        raise typer.Exit(1)


# Everyday use: list, show, search, edit, delete, export


def _complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of entry ids (short ids, newest first)."""
    from kjournal.config import journal_home
    from kjournal.journal.entry import short_id
    from kjournal.journal.store import Journal

    root = ctx.find_root().params.get("journal")
    entries = Journal(journal_home(root)).scan().entries
    ids = ["latest"] + [short_id(e) for e in reversed(entries)]
    return [i for i in ids if i.startswith(incomplete)]


class ListFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[
    ListFormat, typer.Option("--format", "-f", help="table, or json for scripts.")
]
EntryArgument = Annotated[
    str,
    typer.Argument(
        help="An entry id as listed (e.g. 261202-0930i), the start of one, or latest.",
        autocompletion=_complete_ids,
        show_default=False,
    ),
]


def _scan_reporting(state: AppState) -> "JournalScan":
    """Read the journal and name each file that could not be read, on stderr."""
    journal = state.journal()
    journal.check_is_a_folder()
    scan = journal.scan()
    _report_problems(scan.problems)
    for notice in scan.notices:  # e.g. a damaged cache, rebuilt
        _warn(notice)
    return scan


@app.command("list")
def list_entries(
    ctx: typer.Context,
    kind: Annotated[
        str | None, typer.Option("--kind", help="intention, reflection, check-in, PHQ-9...")
    ] = None,
    session: Annotated[int | None, typer.Option("--session", "-s", help="One session.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    tag: Annotated[str | None, typer.Option(help="Only entries with this tag.")] = None,
    number: Annotated[int | None, typer.Option("-n", min=1, help="At most this many.")] = None,
    output_format: FormatOption = ListFormat.table,
) -> None:
    """List entries, newest first, with their ids.

    Example: kjournal list -n 10    (or: kjournal list --kind checkin --since 2026-11-01)
    """
    from kjournal.render import plain
    from kjournal.reports import query

    filters = query.Filters(
        kind=kind,
        session=session,
        since=query.parse_day("--since", since),
        until=query.parse_day("--until", until),
        tag=tag,
        limit=number,
    )
    chosen = query.select(_scan_reporting(ctx.obj).entries, filters)
    if output_format is ListFormat.json:
        _write_out(plain.to_json([plain.listing_record(e) for e in chosen]))
    elif not chosen:
        _out().print("No entries match.")
    else:
        _write_out(plain.entry_lines(chosen, _width()))


@app.command()
def show(
    ctx: typer.Context,
    entry_id: EntryArgument,
    raw: Annotated[bool, typer.Option("--raw", help="Print the file exactly as stored.")] = False,
    output_format: FormatOption = ListFormat.table,
) -> None:
    """Show one entry, rendered for the terminal.

    Example: kjournal show latest    (or: kjournal show 261202-0930i --raw)
    """
    from kjournal.render import plain, views
    from kjournal.reports import query

    state: AppState = ctx.obj
    journal = state.journal()
    [entry] = journal.with_bodies([query.resolve(entry_id, _scan_reporting(state).entries)])
    if raw:
        _write_out(journal.raw_text(entry))  # exactly as stored into a pipe or file
    elif output_format is ListFormat.json:
        _write_out(plain.to_json(plain.entry_data(entry)))
    else:
        from kjournal.safety import risk_answers

        risky = risk_answers(entry, state.loadable_scales(entry.scale_ids))
        _out().print(views.entry_view(entry, risky))


class SessionFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


@app.command(short_help="One session on one screen, from intention to the next.")
def session(
    ctx: typer.Context,
    which: Annotated[
        str, typer.Argument(metavar="N|latest", help="The session number, or latest.")
    ] = "latest",
    output_format: Annotated[
        SessionFormat, typer.Option("--format", "-f", help="text, or md/json to keep or share.")
    ] = SessionFormat.text,
) -> None:
    """One session on one screen: intention, reflection, mood before and after, questionnaires
    of the week before, check-ins until the next session, relief, side effects, risk answers.

    Example: kjournal session 3    (or: kjournal session latest --format md > session.md)
    """
    from kjournal.render import session as render
    from kjournal.reports import session_view as core

    state: AppState = ctx.obj
    entries = _scan_reporting(state).entries
    number = core.pick_session(entries, which)
    scales = state.report_scales(entries)
    view = core.session_summary(
        entries,
        number,
        scales,
        max_gap_days=state.config().relief_max_gap_days,
        load_bodies=state.with_bodies,
    )
    shown = render.render(output_format.value, view, scales)
    if isinstance(shown, str):
        _write_out(shown)
    else:
        _out().print(shown)


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="A word or phrase (any case).", show_default=False)],
    output_format: FormatOption = ListFormat.table,
) -> None:
    """Search your answers and tags, showing each matching line.

    Example: kjournal search "my father"
    """
    from kjournal.render import plain
    from kjournal.reports import query

    state: AppState = ctx.obj
    journal = state.journal()
    problems: list[EntryError] = []
    matches = query.search(journal.grep(_scan_reporting(state).entries, text, problems), text)
    _report_problems(problems)
    if output_format is ListFormat.json:
        _write_out(plain.to_json([plain.match_record(m) for m in matches]))
    elif not matches:
        _out().print(_one_line(f"Nothing found for '{text}'."))
    else:
        _write_out(plain.match_lines(matches, text, _width()))


@app.command()
def edit(ctx: typer.Context, entry_id: EntryArgument) -> None:
    """Open an entry in your editor; kept only if it parses.

    Uses $VISUAL or $EDITOR. An edit that does not parse is kept aside and the entry restored.

    Example: kjournal edit latest
    """
    from kjournal.journal import edits
    from kjournal.reports import query

    state: AppState = ctx.obj
    entry = query.resolve(entry_id, _scan_reporting(state).entries)
    _stop_on_hangup()  # a closed terminal still removes a decrypted copy
    changed = edits.edit_entry(state.journal(), entry.file_path)
    if changed:
        state.wrote("edit", entry)
    message = f"Saved your changes: {entry.path}" if changed else "No changes."
    _out().print(_one_line(message))


@app.command()
def delete(
    ctx: typer.Context,
    entry_id: EntryArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Move an entry to the journal's trash folder.

    Nothing is ever erased by kjournal; move the file back into entries/ to restore it.

    Example: kjournal delete 261202-0930i
    """
    from kjournal.errors import Cancelled
    from kjournal.journal import edits
    from kjournal.journal.entry import short_id
    from kjournal.render.asker import TerminalAsker
    from kjournal.render.plain import printable
    from kjournal.reports import query

    state: AppState = ctx.obj
    entry = query.resolve(entry_id, _scan_reporting(state).entries)
    title = printable(entry.title or entry.default_title())  # the title is the file's text
    if not yes and not TerminalAsker(_out()).confirm(
        f"Move {short_id(entry)} ({title}) to the trash?", default=False
    ):
        raise Cancelled("nothing was moved")
    target = edits.trash_entry(state.journal(), entry.file_path)
    state.wrote("delete", entry)
    from kjournal.journal.sync import is_set_up

    back = (
        f"`kjournal restore {short_id(entry)}` brings it back"
        if is_set_up(state.paths().root)
        else "move it back into entries/ to restore it"
    )
    _out().print(_one_line(f"Moved to {target} ({back})."))


# Sync between devices, and the history it keeps


@app.command(short_help="Sync the journal with your other devices, over git.")
def sync(
    ctx: typer.Context,
    remote: Annotated[
        str | None,
        typer.Argument(
            metavar="[REMOTE]",
            help="With --setup: a git URL or folder every device syncs with.",
            show_default=False,
        ),
    ] = None,
    setup: Annotated[
        bool,
        typer.Option("--setup", help="Make the journal a git repository and record REMOTE."),
    ] = False,
) -> None:
    """Sync the journal with your other devices, over git: commit, fetch, merge, push.

    `--setup [REMOTE]` once per device makes the journal a git repository (or adopts the one
    it is), and from then on every saved entry, edit and delete is committed. A sync keeps
    both versions of an entry changed on two devices and renumbers sessions two devices both
    created. Commits carry kinds and times, never what you wrote. Needs git.

    Example: kjournal sync --setup git@example.org:me/journal.git    (then: kjournal sync)
    """
    from kjournal.journal import sync as core

    state: AppState = ctx.obj
    journal = state.journal()
    if setup:
        done = core.setup(journal, remote)
        how = "is now a git repository" if done.created else "is a git repository, adopted"
        _say(f"Sync is set up: {journal.root} {how}.")
        _say("Kept on this device only: " + ", ".join(done.ignored) + " (see its .gitignore).")
        if done.remote is None:
            _say("No remote yet: history is kept here; add one with kjournal sync --setup REMOTE.")
            return
    elif remote is not None:
        raise UsageError("REMOTE is given with --setup: kjournal sync --setup REMOTE")
    result = core.sync(journal)
    for notice in [*journal.notices, *result.notices]:
        _warn(notice)
    _report_sync(result)


def _report_sync(result: "SyncResult") -> None:
    """One line of summary, then one line per conflict copy and per session renumbered."""
    from kjournal.render.plain import printable

    if result.remote is None:
        _say("Committed here; no remote is set (kjournal sync --setup REMOTE adds one).")
        return

    def files(n: int) -> str:
        return f"{n} change{'s' if n != 1 else ''}"

    _say(printable(f"Synced: {files(result.came_in)} came in, {result.went_out} went out."))
    for copy in result.conflicts:
        if copy.renamed:
            line = f"Two new entries shared a name: the other device's is now {copy.copy}."
        else:
            line = (
                f"{copy.path} was changed on two devices: both are kept, the other device's "
                f"as {copy.copy} (compare, keep one, delete the other)."
            )
        _say(printable(line))
    for change in result.renumbered:
        follows = (
            f", with its {change.integrations} reflection{'s' if change.integrations != 1 else ''}"
            if change.integrations
            else ""
        )
        _say(
            f"Session {change.old} begun {change.created:%d %b %Y %H:%M} is now session "
            f"{change.new}{follows} (two devices both numbered a session {change.old})."
        )


@app.command(short_help="The saved versions of one entry, deleted ones too.")
def history(ctx: typer.Context, entry_id: EntryArgument) -> None:
    """The saved versions of one entry: added, edited, renumbered, deleted, restored.

    Works once the journal is synced (kjournal sync --setup), for entries in the trash and
    entries only the history still holds too. Bring one back with kjournal restore.

    Example: kjournal history 261202-0930i
    """
    from kjournal.journal import sync as core

    state: AppState = ctx.obj
    found = core.history(state.journal(), _history_path(state, entry_id))
    where = "" if found.present else " (not in entries/ now: restore brings it back)"
    lines = [f"{found.path}{where}"]
    for v in found.versions:
        lines.append(f"{v.number:>4}  {v.when:%Y-%m-%d %H:%M}  {v.what:<24}  {v.commit}")
    _say("\n".join(lines))


@app.command(short_help="Bring back a version of an entry, or a deleted entry.")
def restore(
    ctx: typer.Context,
    entry_id: EntryArgument,
    version: Annotated[
        int | None,
        typer.Option("--version", "-v", min=1, help="The version's number in kjournal history."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="The version as it was on this date (YYYY-MM-DD[THH:MM])."),
    ] = None,
) -> None:
    """Bring back a version of an entry, or a deleted entry, as a new commit.

    The version it replaces stays in the history: kjournal history lists it, and restore can
    bring it back in turn.

    Example: kjournal restore 261202-0930i --version 2    (or: --date 2026-12-01)
    """
    from kjournal.journal import sync as core

    state: AppState = ctx.obj
    if version is not None and date is not None:
        raise UsageError("choose --version or --date, not both")
    journal = state.journal()
    found = core.history(journal, _history_path(state, entry_id))
    done = core.restore(journal, found, core.pick_version(found, version, date))
    when = f"{done.version.when:%Y-%m-%d %H:%M}"
    if done.changed:
        _say(f"Restored version {done.version.number} ({done.version.what} {when}) to {done.path}.")
    else:
        _say(f"{done.path} already is version {done.version.number}; nothing changed.")


def _history_path(state: AppState, reference: str) -> str:
    """The entries/ path of an entry now in the journal, in the trash, or in the history: an
    exact id first (a deleted 261202-0930c is not its neighbour 261202-0930c-2), then a unique
    beginning."""
    from kjournal.errors import UsageError as NotFound
    from kjournal.journal import sync as core
    from kjournal.journal.entry import short_id
    from kjournal.reports import query

    journal = state.journal()
    journal.check_is_a_folder()
    entries = journal.scan().entries
    exact = [e for e in entries if reference in (e.id, short_id(e))]
    if len(exact) != 1:
        try:
            return core.find_path(journal, reference, exact=True)
        except NotFound:
            pass
        try:
            exact = [query.resolve(reference, entries)]
        except NotFound:
            return core.find_path(journal, reference)
    return exact[0].file_path.relative_to(journal.root).as_posix()


class ExportFormat(StrEnum):
    md = "md"
    csv = "csv"
    json = "json"
    html = "html"


class ExportKind(StrEnum):
    report = "report"
    brief = "brief"


@app.command(short_help="Export for sharing: a report, a brief, or your data.")
def export(
    ctx: typer.Context,
    what: Annotated[
        ExportKind | None,
        typer.Argument(
            metavar="[report|brief]",
            help="report (the default): the whole period you choose; brief: one page for your "
            "next appointment, since the last session.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="md: a report for your care team; html: the same as one page with charts; "
            "csv: one row per entry; json: everything (a brief: md or html).",
        ),
    ] = ExportFormat.md,
    since_last_session: Annotated[
        bool, typer.Option("--since-last-session", help="The same as `export brief`.")
    ] = False,
    from_session: Annotated[
        int | None,
        typer.Option(
            "--session",
            min=1,
            metavar="N",
            help="A brief: start from session N (default: the last session held; one you "
            "set an intention for today and have not reflected on is still to come).",
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include",
            metavar="ID",
            help="A brief: add the written answers of this entry (repeat for more). Without it, "
            "a terminal asks about each.",
        ),
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    include_text: Annotated[
        bool,
        typer.Option("--include-text", help="Add your written reflections to md/html reports."),
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (default: print).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
) -> None:
    """Export for sharing, by your choice: a report, a brief, or your data.

    The md and html reports hold scores, sessions and trends; your written words only with
    --include-text. A brief covers the time since your last session on one page, with only the
    reflections you tick. Nothing is sent anywhere: you decide who gets the file.

    Example: kjournal export --format html --out report.html    (or: kjournal export brief -f html)
    """
    from kjournal.journal.entry import now_local
    from kjournal.render import export as render
    from kjournal.reports import query

    state: AppState = ctx.obj
    if what is ExportKind.report and since_last_session:
        raise UsageError("--since-last-session makes a brief: kjournal export brief")
    if what is ExportKind.brief or since_last_session:
        if since or until or include_text:
            raise UsageError(
                "a brief covers the time since the last session, with the reflections you "
                "choose: --since, --until and --include-text are for a report"
            )
        text = _brief_text(state, output_format, include or [], from_session)
        _write_export(state, text, out, force, "the brief")
        return
    if include or from_session:
        raise UsageError(
            "--include and --session choose what a brief covers: kjournal export brief"
        )
    period = query.Filters(
        since=query.parse_day("--since", since), until=query.parse_day("--until", until)
    )
    entries = query.select(_scan_reporting(state).entries, period)[::-1]  # oldest first
    if include_text or output_format is ExportFormat.json:
        entries = state.with_bodies(entries)
    scales = state.report_scales(entries, every_packaged=True)
    text = render.render(
        output_format.value,
        entries,
        scales,
        include_text=include_text,
        generated=now_local(),
        max_gap_days=state.config().relief_max_gap_days,
    )
    _write_export(state, text, out, force, f"{len(entries)} entries")


def _write_export(state: AppState, text: str, out: Path | None, force: bool, what: str) -> None:
    from kjournal.journal import edits
    from kjournal.journal.files import inside

    if out is None:
        _write_out(text)
        return
    if inside(state.paths().root, out):
        raise UsageError(
            f"{out} is inside your journal, where an export could replace an entry or a key "
            "(or, encrypted, leave your words readable); choose a place outside it"
        )
    edits.write_export(out, text, force=force)
    _err().print(_one_line(f"Wrote {out} ({what}). Share it only with whom you choose."))


def _brief_text(
    state: AppState, output_format: ExportFormat, include: list[str], session: int | None
) -> str:
    """The brief since the last session; a terminal asks which reflections to add."""
    from kjournal.journal.entry import now_local
    from kjournal.render import brief as render
    from kjournal.reports import brief as core

    if output_format not in (ExportFormat.md, ExportFormat.html):
        raise UsageError("a brief is md or html (csv and json are for your data: kjournal export)")
    entries = _scan_reporting(state).entries
    now = now_local()
    period = core.since_last_session(entries, now, session=session)
    if not include and _stdin_is_terminal():
        include = _ask_which_to_include(core.written_entries(entries, period))
    scales = state.report_scales(entries)
    brief = core.brief(
        entries,
        scales,
        period,
        include=include,
        load_bodies=state.with_bodies,
        max_gap_days=state.config().relief_max_gap_days,
    )
    return render.render(output_format.value, brief, scales, generated=now)


def _ask_which_to_include(written: "list[Entry]") -> list[str]:
    """Each entry with written answers, asked one by one; Enter leaves it out."""
    from kjournal.journal.entry import short_id
    from kjournal.render.asker import TerminalAsker
    from kjournal.render.plain import kind_label, printable

    if not written:
        return []
    asker = TerminalAsker(_err())
    _err().print(
        "Your written answers stay out of the brief unless you add them. Enter leaves one out."
    )
    return [
        short_id(entry)
        for entry in written
        if asker.confirm(
            printable(
                f"Add your {kind_label(entry)} of {entry.created:%a %d %b} "
                f"({short_id(entry)}: {_opening(entry)})?"
            ),
            default=False,
        )
    ]


def _opening(entry: "Entry") -> str:
    """The first words the person wrote, so they see what they would share."""
    from kjournal.render.plain import fit_line

    return fit_line(entry.first_words or entry.title or entry.default_title(), 60)


def _stdin_is_terminal() -> bool:
    """Someone at a keyboard to answer (stdout may be a file: the questions go to stderr)."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stderr))


# Prompt sets

prompts_app = typer.Typer(
    help="Prompt sets: list them, show one, copy one to edit.\n\n"
    "Example: kjournal prompts copy intend",
    no_args_is_help=True,
)
app.add_typer(prompts_app, name="prompts")


def _complete_prompt_sets(incomplete: str) -> list[str]:
    from kjournal.questions.catalogue import scale_names
    from kjournal.questions.prompts import PROMPT_SETS

    return [n for n in (*PROMPT_SETS, *scale_names()) if n.startswith(incomplete)]


PromptSetArgument = Annotated[
    str,
    typer.Argument(
        help="intend, integrate, checkin, or a questionnaire such as phq9 (see: prompts list).",
        autocompletion=_complete_prompt_sets,
        show_default=False,
    ),
]


@prompts_app.command("list")
def prompts_list(ctx: typer.Context) -> None:
    """List prompt sets and questionnaires, and which file each comes from.

    Example: kjournal prompts list
    """
    from kjournal.questions.prompt_files import prompt_set_sources

    for name, path, custom in prompt_set_sources(ctx.obj.prompt_dirs()):
        print(f"{name:10} {'yours   ' if custom else 'packaged'} {path}")


@prompts_app.command("show")
def prompts_show(ctx: typer.Context, name: PromptSetArgument) -> None:
    """Print a prompt set's file (after checking that it loads).

    Example: kjournal prompts show integrate
    """
    from kjournal.questions.sources import prompt_file_text

    # A clinic's or a downloaded file: shown, never replayed raw, on a terminal.
    _write_out(prompt_file_text(name, ctx.obj.prompt_dirs()))


@prompts_app.command("copy")
def prompts_copy(
    ctx: typer.Context,
    name: PromptSetArgument,
    force: Annotated[bool, typer.Option("--force", help="Replace your existing copy.")] = False,
) -> None:
    """Copy a packaged prompt set into your journal to edit; your copy is then used instead.

    Example: kjournal prompts copy intend
    """
    from rich.text import Text

    from kjournal.questions.prompt_files import copy_prompt_set

    target = copy_prompt_set(name, ctx.obj.journal().prompts_dir, force=force)
    ctx.obj.wrote(f"prompts copy {target.stem}")
    _out().print(Text(f"Copied to {target}. Edit it in any editor; kjournal uses it from now on."))


@app.command()
def where(ctx: typer.Context) -> None:
    """Show the folders kjournal uses.

    The journal, its entries and drafts, your own prompts, and the config file.

    Example: kjournal where    (or: kjournal --journal ~/my-journal where)
    """
    from kjournal.config import config_path
    from kjournal.render.plain import printable

    journal = ctx.obj.paths()
    rows = {
        "journal": journal.root,
        "entries": journal.entries_dir,
        "drafts": journal.drafts_dir,
        "prompts": journal.prompts_dir,
        "config": config_path(),
    }
    for name, path in rows.items():
        print(printable(f"{name:8} {path}"))


# Encryption: turning it on and off, the passphrase, and forgetting an unlocked key.


@app.command(short_help="Encrypt your journal with a passphrase (age).")
def encrypt(
    ctx: typer.Context,
    recovery_copy: Annotated[
        Path | None,
        typer.Option(
            "--recovery-copy",
            help="Also write a copy of your key to FILE, the only way back if the passphrase "
            "is forgotten: keep it offline (a USB stick, a printout). Works on an encrypted "
            "journal too.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Encrypt your journal with a passphrase, in the open age format.

    Entries, drafts, the cache and your safety plan are encrypted. Writing (intend, integrate,
    checkin, scale) never needs the passphrase; reading asks for it once and keeps it unlocked
    for a while (`kjournal lock` forgets it now). Any entry opens with the standard age tool.
    Run it again to finish a conversion that was stopped.

    Example: kjournal encrypt --recovery-copy /media/usb/kjournal-key.txt
    """
    from kjournal.journal import convert, crypto
    from kjournal.render.plain import printable

    state: AppState = ctx.obj
    journal = state.journal()
    journal.check_is_a_folder()
    keys = journal.keys
    if recovery_copy is not None:
        _check_new_file(recovery_copy, journal.root)
    state.wrote("encrypt")  # the converted files and the keys are committed when synced
    made = not keys.has_identity
    if made and (keys.has_recipient or next(convert.word_files(journal, sealed=True), None)):
        raise KJournalError(
            f"{keys.identity_path} is missing, but this journal has encrypted files; a new key "
            "could not open them, so none was made. Put the file back, or set a passphrase "
            "with your recovery copy: kjournal passphrase --from-recovery-copy FILE"
        )
    if made:
        _say(ENCRYPT_INTRO, err=True)
        passphrase = _new_passphrase(state)
        identity = crypto.new_identity()
        if recovery_copy is not None:
            _write_recovery_copy(recovery_copy, identity)
        convert.start_encryption(journal, identity, passphrase)
        keys.keep(identity)
    elif not keys.has_recipient:  # stopped after the key was made, or turned off by decrypt
        convert.restore_recipient(journal, keys.identity("to encrypt your journal again"))
    if recovery_copy is not None and not recovery_copy.exists():
        _write_recovery_copy(recovery_copy, keys.identity("to write a recovery copy"))
    result = convert.encrypt_files(journal)
    if keys.unlocked:
        journal.scan()  # the encrypted cache, and the index that lets writing stay locked
    if not made and not result.converted + result.finished and not result.left:
        _say("Your journal is encrypted; nothing else needed encrypting.")
        return
    _report_conversion(result, "encrypted")
    _say(
        "Your journal is encrypted: entries, drafts, the trash and your safety plan. Writing "
        "needs no passphrase; reading asks for it. To open an entry without kjournal:"
    )
    print(printable(f"  age -d -i {keys.identity_path} ENTRY.md.age"))  # unwrapped: to copy
    if (journal.root / ".git").is_dir():
        _say(
            "Your sync history still holds the plain versions from before, here and on your "
            "remote: to leave them behind, start a new remote and history (README, 'Private "
            "at rest').",
            err=True,
        )
    if made and recovery_copy is None:
        _say(NO_RECOVERY_COPY, err=True)
    if result.left:
        raise typer.Exit(1)


ENCRYPT_INTRO = (
    "kjournal will make a key for your journal and lock it with a passphrase. Choose one you "
    "will remember: if it is forgotten, nothing and no one can open your entries, unless you "
    "keep a recovery copy of the key (--recovery-copy FILE)."
)
NO_RECOVERY_COPY = (
    "No recovery copy was made. If you forget your passphrase your entries cannot be opened; "
    "make one now with: kjournal encrypt --recovery-copy FILE"
)


@app.command()
def decrypt(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Turn encryption off: store every entry as plain text again.

    Asks for your passphrase. Run it again to finish a conversion that was stopped.

    Example: kjournal decrypt
    """
    from kjournal.errors import Cancelled
    from kjournal.journal import convert
    from kjournal.render.asker import TerminalAsker

    state: AppState = ctx.obj
    state.keep_key = False  # nothing is left to keep it for
    journal = state.journal()
    if not (journal.keys.has_identity or journal.keys.encrypted):
        _say("Your journal is not encrypted; nothing to do.")
        return
    if not journal.keys.has_identity and not any(convert.word_files(journal, sealed=True)):
        # Turned off elsewhere (a synced device): nothing is left to decrypt; this computer
        # stops expecting encryption, which the person confirms by running this.
        journal.keys.unpin()
        with contextlib.suppress(FileNotFoundError):
            journal.keys.recipient_path.unlink()
        _say("Your journal is stored as plain text on this computer too.")
        return
    if not yes and not TerminalAsker(_out()).confirm(
        "Store every entry as plain text again, readable by anyone who can open the folder?",
        default=False,
    ):
        raise Cancelled("nothing was changed")
    state.wrote("decrypt")
    result = convert.decrypt_files(journal)
    _report_conversion(result, "decrypted")
    if result.left:
        _say("Your key is kept in .kjournal/ until every file above is decrypted.", err=True)
        raise typer.Exit(1)
    _say("Your journal is stored as plain text again.")


@app.command()
def passphrase(
    ctx: typer.Context,
    recovery_copy: Annotated[
        Path | None,
        typer.Option(
            "--from-recovery-copy",
            help="Use your recovery copy of the key instead of the old passphrase.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    new_passphrase_file: Annotated[
        Path | None,
        typer.Option(
            "--new-passphrase-file",
            help="Read the new passphrase from this file (for scripts).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Change the passphrase of an encrypted journal.

    Only the key is locked again with the new passphrase; entries are not touched.

    Example: kjournal passphrase    (or: kjournal passphrase --from-recovery-copy key.txt)
    """
    from kjournal.journal import convert, crypto

    state: AppState = ctx.obj
    state.keep_key = False
    journal = state.journal()
    keys = journal.keys
    if not (keys.encrypted or keys.has_identity) and recovery_copy is None:
        raise KJournalError("your journal is not encrypted; `kjournal encrypt` encrypts it")
    if recovery_copy is not None:
        identity = crypto.identity_from_text(_read_small_file(recovery_copy), recovery_copy)
        if not convert.opens_this_journal(journal, identity):
            raise KJournalError(f"{recovery_copy}: is the key of another journal; nothing changed")
    else:
        identity = keys.unlock("(the current one) to change it")
    new = _new_passphrase(state, new_passphrase_file)
    state.wrote("passphrase")
    convert.change_passphrase(journal, identity, new)
    _say("Your passphrase is changed; your entries were not touched.")


@app.command(short_help="Forget the unlocked key now; reading asks again.")
def lock(ctx: typer.Context) -> None:
    """Forget the unlocked key now: the next read asks for the passphrase.

    Example: kjournal lock
    """
    state: AppState = ctx.obj
    forgotten = state.journal().keys.forget()
    _say(
        "Locked: reading your journal asks for your passphrase again."
        if forgotten
        else "Your journal was not open; it stays locked."
    )


MIN_PASSPHRASE = 8


def _new_passphrase(state: AppState, source: Path | None = None) -> str:
    """A new passphrase: from a file for scripts, else typed twice, unseen."""
    import os

    from kjournal.errors import Locked

    source = source or state.passphrase_file
    if source is None and os.environ.get(PASSPHRASE_FILE_ENV):
        source = Path(os.environ[PASSPHRASE_FILE_ENV])
    if source is not None:
        new = read_passphrase_file(source)
    elif sys.stdin.isatty() and _stderr_is_terminal():
        import getpass

        new = getpass.getpass("New passphrase: ", stream=sys.stderr)
        if len(new) >= MIN_PASSPHRASE and new != getpass.getpass(
            "The same again: ", stream=sys.stderr
        ):
            raise UsageError("the two passphrases differ; nothing was changed")
    else:
        raise Locked("a new passphrase is needed: run in a terminal, or pass --passphrase-file")
    if len(new) < MIN_PASSPHRASE:
        raise UsageError(
            f"a passphrase needs at least {MIN_PASSPHRASE} characters (a few words are easier "
            "to remember than symbols); nothing was changed"
        )
    return new


def read_passphrase_file(path: Path) -> str:
    """The first line of a passphrase file (its newline is not part of the passphrase)."""
    text = _read_small_file(path)
    line = text.split("\n", 1)[0].removesuffix("\r")
    if not line:
        raise UsageError(f"{path}: the passphrase file is empty")
    return line


def _read_small_file(path: Path) -> str:
    from kjournal.journal.files import read_regular_text

    try:
        return read_regular_text(path, limit=64 * 1024)
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _check_new_file(path: Path, journal_root: Path) -> None:
    from kjournal.journal.files import inside

    if inside(journal_root, path):
        raise UsageError(
            f"{path} is inside your journal, where a copy of the key would open everything "
            "it locks; choose a place outside it (a USB stick, say)"
        )
    if path.exists() or path.is_symlink():
        raise UsageError(f"{path} already exists; choose a new name for the recovery copy")
    if not path.parent.is_dir():
        raise UsageError(f"{path}: the folder {path.parent} does not exist")


def _write_recovery_copy(path: Path, identity: Any) -> None:
    from kjournal.journal.crypto import identity_file_text
    from kjournal.journal.files import write_atomic

    try:
        write_atomic(path, identity_file_text(identity), exclusive=True)
    except OSError as exc:
        raise KJournalError(
            f"{path}: the recovery copy could not be written ({exc.strerror or exc}); "
            "nothing was changed"
        ) from None
    _say(
        f"Recovery copy written to {path}. Anyone with it can read your journal: keep it "
        "offline and safe. `age -d -i` opens entries with it, and `kjournal passphrase "
        "--from-recovery-copy` sets a new passphrase."
    )


def _report_conversion(result: "Any", done: str) -> None:
    from kjournal.render.plain import printable

    files = result.converted + result.finished
    _say(f"{files} file{'' if files == 1 else 's'} {done}.")
    for path, reason in result.left:
        _warn(printable(f"{path}: left as it is: {reason}"))


def _state_dir() -> Path:
    """Per-device state kept outside the journal (the recipient this device trusts)."""
    import platformdirs

    return Path(platformdirs.user_state_dir("kjournal", appauthor=False))


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def main() -> None:
    """Run the command line (the console script enters through kjournal.main); `_Group.main`
    is where every run ends."""
    import os

    # A closed standard input or output (`<&-`, `>&-`) reads as empty and writes nowhere,
    # instead of failing deep inside a command.
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    app(prog_name="kjournal")
