"""The live Asker: one question at a time in the terminal; typed text is never interpreted."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from rich.console import Console
from rich.text import Text

from kjournal.questions.prompts import RATING_MAX, RATING_MIN, Prompt, PromptSet, numbered_by_value
from kjournal.render.plain import printable

PROMPT = Text("› ", style="cyan")

# A key (arrows, Home, End, F-keys, Alt-x) that reached us as an escape sequence because no line
# editor read it: a key, not text, so it never belongs in an answer. Bracketed-paste markers too.
_KEY_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|O[@-~])?")
_COLOUR = re.compile(r"(\x1b\[[0-9;:]*m)")

# How long to wait, after a line is read, for more input before calling it typed: a paste arrives
# all at once, while keys come 33 ms apart at the fastest (a key held down repeats 30 times a
# second).
_PASTE_SETTLE_SECONDS = 0.02


def strip_key_sequences(text: str) -> str:
    """Text with any escape sequences (keys pressed where no line editor read them) removed."""
    return _KEY_SEQUENCE.sub("", text)


class PlainReader:
    """Lines from a pipe or a test's input: an empty line ends a written answer, as it always did,
    so scripts keep working. Nobody is typing, so there is no editing and no history."""

    paragraphs = False

    def __init__(self, console: Console) -> None:
        self.console = console

    def read(self, prompt: Text, *, remember: bool = False) -> tuple[str, bool]:
        """One line, and False: a line from a pipe is never told apart as a paste."""
        text = self.console.input(prompt)
        return strip_key_sequences(text), False


class TerminalReader:
    """What a person types at a terminal, with the line editing people expect there: Left/Right,
    Home/End, Backspace anywhere, Ctrl-A/E/U/W, and Up/Down for what was typed earlier in this
    flow (readline, or libedit on macOS). A paste, blank lines and all, is read as one piece."""

    paragraphs = True

    def __init__(self, console: Console) -> None:
        self.console = console
        self.readline = _line_editor()
        self.libedit = self.readline is not None and "libedit" in (self.readline.__doc__ or "")
        self._last_remembered = ""

    def read(self, prompt: Text, *, remember: bool = False) -> tuple[str, bool]:
        """What was typed (or pasted) up to Enter, and whether it was a paste of several lines.
        `remember` puts it in this flow's history for Up to recall."""
        shown = self._prompt(prompt)
        lines = [input(shown)]
        # A paste the editor did not bracket (libedit, an old readline) arrives line by line;
        # what is already waiting belongs to this answer, not to the next question.
        while _input_waiting():
            lines.append(input(shown))
        text = strip_key_sequences("\n".join(lines).replace("\r\n", "\n").replace("\r", "\n"))
        if remember and text.strip() and text != self._last_remembered and self.readline:
            self.readline.add_history(text)
            self._last_remembered = text
        return text, "\n" in text

    def _prompt(self, prompt: Text) -> str:
        """The prompt handed to the line editor, so that it knows where the answer starts and
        redraws a long line without eating the prompt. Rich wraps a long question at word
        boundaries; only its last line goes to the editor."""
        out = self.console
        wrapped = prompt.wrap(out, out.width)
        for line in wrapped[:-1]:
            out.print(line)
        last = wrapped[-1] if wrapped else Text()
        if prompt.plain.endswith(" ") and not last.plain.endswith(" "):
            last = last + " "  # wrapping drops the space before the answer
        with out.capture() as capture:
            out.print(last, end="")
        rendered = capture.get()
        if self.libedit:  # its prompt has no reliable way to skip colour codes: plain it is
            return _COLOUR.sub("", rendered)
        if self.readline is not None:  # \001 and \002 tell readline the codes take no width
            return _COLOUR.sub("\x01\\1\x02", rendered)
        return rendered


def _line_editor() -> ModuleType | None:
    """readline, set up for a private journal: a history of this flow only, never written to a
    file (answers are private), and bracketed paste on. Imported here, at the first question,
    so that start-up never pays for it (about 1.5 ms)."""
    import locale

    if "utf" not in locale.nl_langinfo(locale.CODESET).lower().replace("-", ""):
        # Under LANG=C (ssh, containers) readline decodes typed text with the locale's ASCII
        # codec and fails on the first accented letter, losing the line; Python's own reading
        # of standard input takes UTF-8 there, so plain lines keep every letter.
        return None
    try:
        import readline
    except ImportError:  # a Python built without it: plain lines, key sequences dropped
        return None
    if "libedit" not in (readline.__doc__ or ""):
        # Python turns bracketed paste off for its own REPL; here it is what keeps a pasted
        # block, blank lines and all, in the one answer it was pasted into.
        readline.parse_and_bind("set enable-bracketed-paste on")
    readline.set_auto_history(False)  # only answers go in, never a y/n
    if hasattr(readline, "clear_history"):  # some libedit builds lack it; they start empty anyway
        readline.clear_history()  # Up recalls what was typed in this flow, nothing older
    return readline


def _input_waiting() -> bool:
    import select

    try:
        ready, _, _ = select.select([sys.stdin.fileno()], [], [], _PASTE_SETTLE_SECONDS)
    except (OSError, ValueError):
        return False
    return bool(ready)


def _is_terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def finish_hint(paragraphs: bool) -> str:
    """How a written answer ends, said the same way at every text question."""
    if paragraphs:
        return "An empty line starts a new paragraph, two in a row finish."
    return "Write as many lines as you like; an empty line finishes."


# The panel above a prompt that shows earlier words (a prompt's `context:` in its YAML).
CONTEXT_TITLES = {
    "intention": "Your intention",
    "last_insight": "An insight to carry forward",
    "last_action": "A small thing you planned",
}


class TerminalAsker:
    """Asks on the console and reads lines from standard input (a terminal or a pipe)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._reader: TerminalReader | PlainReader | None = None

    @property
    def reader(self) -> TerminalReader | PlainReader:
        # Chosen at the first question, not at start-up: only a live prompt needs readline.
        if self._reader is None:
            self._reader = (
                TerminalReader(self.console) if _is_terminal() else PlainReader(self.console)
            )
        return self._reader

    def intro(self, prompt_set: PromptSet) -> None:
        if prompt_set.title:
            self.console.rule(Text(prompt_set.title, style="bold"), style="dim")
        if prompt_set.intro:
            self.console.print(Text(prompt_set.intro, style="dim"))

    def show_context(self, title: str, text: str) -> None:
        from rich.panel import Panel

        self.console.print(
            Panel(Text(printable(text)), title=Text(title), title_align="left", border_style="dim")
        )

    def ask(
        self,
        prompt: Prompt,
        *,
        position: tuple[int, int],
        context: str,
        started_text: str,
        on_line: Callable[[str], None],
    ) -> Any:
        out = self.console
        out.print()
        if context:
            self.show_context(CONTEXT_TITLES.get(prompt.context, "From your journal"), context)
        header = Text(f"{position[0]} of {position[1]}  ", style="dim")
        header.append(prompt.text, style="bold")
        out.print(header)
        if prompt.help:
            out.print(Text(prompt.help, style="dim italic"))
        skip = "Enter to skip." if prompt.optional else ""
        if prompt.type == "rating":
            low, high = prompt.anchors
            scale = f"{RATING_MIN} = {low or 'lowest'}, {RATING_MAX} = {high or 'highest'}."
            out.print(Text(f"{scale} {skip}", style="dim"))
            return self._line()
        if prompt.type in ("choice", "choices"):
            by_value = numbered_by_value(prompt)
            for number, option in enumerate(prompt.options, 1):
                out.print(Text(f"  {option.value if by_value else number}) {option.label}"))
            how = "a number" if prompt.type == "choice" else "numbers separated by commas"
            out.print(Text(f"Type {how}. {skip}", style="dim"))
            return self._line()
        if prompt.type == "number":
            unit = f" ({prompt.unit})" if prompt.unit else ""
            limits = f"{prompt.minimum:g} to {prompt.maximum:g}{unit}."
            out.print(Text(f"{limits} {skip}", style="dim"))
            return self._line()
        if not prompt.multiline:
            out.print(Text(skip, style="dim")) if skip else None
            return self._line()
        return self._multiline(started_text, on_line, skip)

    def _multiline(self, started_text: str, on_line: Callable[[str], None], skip: str) -> str:
        """A written answer. On a terminal it may hold paragraphs: one empty line is a paragraph
        break and two in a row finish, so a tired extra Enter never loses the question. A paste
        is taken whole, its blank lines included. From a pipe an empty line finishes, as before."""
        reader = self.reader
        lines = started_text.split("\n") if started_text else []
        if started_text:
            self.console.print(Text("You had started this answer; carry on below:", style="dim"))
            self.console.print(Text(printable(started_text)))
        skip_now = "Enter now to skip." if reader.paragraphs else skip
        hint = f"{finish_hint(reader.paragraphs)} {skip_now if skip and not lines else ''}"
        self.console.print(Text(hint.rstrip(), style="dim"))
        empty_in_a_row = 0
        while True:
            try:
                text, pasted = reader.read(PROMPT, remember=True)
            except EOFError:  # Ctrl-D on an empty line finishes too
                break
            if text.strip() or pasted:
                lines += [line if line.strip() else "" for line in text.split("\n")]
                empty_in_a_row = 0
                on_line(_answer_text(lines))
                continue
            if not any(line.strip() for line in lines):
                break  # Enter before anything was written: skipped
            empty_in_a_row += 1
            if not reader.paragraphs or empty_in_a_row == 2:
                break
            lines.append("")
            self.console.print(Text("Enter once more to finish, or write on.", style="dim"))
        return _answer_text(lines)

    def _line(self) -> str:
        text, _ = self.reader.read(PROMPT, remember=True)
        return text

    def invalid(self, message: str) -> None:
        self.console.print(Text(printable(message), style="yellow"))

    def confirm(self, question: str, *, default: bool) -> bool:
        choices = "[Y/n]" if default else "[y/N]"
        while True:
            answer, _ = self.reader.read(Text(f"{question} {choices} "))
            answer = answer.strip().lower()
            if not answer:
                return default
            if answer in ("y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            self.invalid("Please type y or n.")


def _answer_text(lines: list[str]) -> str:
    """The answer as stored: its lines, without blank lines before or after."""
    return "\n".join(lines).strip("\n")
