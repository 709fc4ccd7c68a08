"""The live Asker: one question at a time in the terminal; typed text is never interpreted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.text import Text

from kjournal.formats import printable
from kjournal.prompts import RATING_MAX, RATING_MIN, Prompt, PromptSet, numbered_by_value


class TerminalAsker:
    """Asks on the console and reads lines from standard input (a terminal or a pipe)."""

    def __init__(self, console: Console) -> None:
        self.console = console

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
            self.show_context("Your intention", context)
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
        lines = [started_text] if started_text else []
        if started_text:
            self.console.print(Text("You had started this answer; carry on below:", style="dim"))
            self.console.print(Text(printable(started_text)))
        hint = "Write as many lines as you like; an empty line finishes."
        self.console.print(Text(f"{hint} {skip if not lines else ''}".rstrip(), style="dim"))
        while True:
            try:
                line = self._line()
            except EOFError:  # Ctrl-D ends the answer, like an empty line
                break
            if not line.strip():
                break
            lines.append(line)
            on_line("\n".join(lines))
        return "\n".join(lines)

    def _line(self) -> str:
        return self.console.input(Text("› ", style="cyan"))

    def invalid(self, message: str) -> None:
        self.console.print(Text(printable(message), style="yellow"))

    def confirm(self, question: str, *, default: bool) -> bool:
        choices = "[Y/n]" if default else "[y/N]"
        while True:
            answer = self.console.input(Text(f"{question} {choices} ")).strip().lower()
            if not answer:
                return default
            if answer in ("y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            self.invalid("Please type y or n.")
