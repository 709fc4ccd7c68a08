"""Run a prompt set through an Asker, saving a draft after every answer so nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from kjournal.errors import AnswersFileError, InvalidAnswer, MissingAnswer
from kjournal.questions.prompts import Answer, Prompt, PromptSet, validate_answer


class Asker(Protocol):
    """Talks to the person. The live one uses the terminal; tests may script one."""

    def intro(self, prompt_set: PromptSet) -> None: ...

    def ask(
        self,
        prompt: Prompt,
        *,
        position: tuple[int, int],
        context: str,
        started_text: str,
        on_line: Callable[[str], None],
    ) -> Any:
        """Return the raw answer ('' or None to skip). For multi-line text, call on_line with the
        text so far after each line, and continue from started_text when resuming."""
        ...

    def invalid(self, message: str) -> None: ...

    def confirm(self, question: str, *, default: bool) -> bool: ...


@dataclass
class InterviewState:
    """Answers so far; this is what a draft holds."""

    answers: dict[str, Answer] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    partial: dict[str, str] = field(default_factory=dict)  # {prompt id: text typed so far}

    def is_done(self, prompt_id: str) -> bool:
        return prompt_id in self.answers or prompt_id in self.skipped

    def record(self, prompt_id: str, value: Answer | None) -> None:
        self.partial.pop(prompt_id, None)
        if value is None:
            self.answers.pop(prompt_id, None)
            if prompt_id not in self.skipped:
                self.skipped.append(prompt_id)
        else:
            self.answers[prompt_id] = value

    def to_draft(self) -> dict[str, Any]:
        return {
            "answers": dict(self.answers),
            "skipped": list(self.skipped),
            "partial": dict(self.partial),
        }

    @classmethod
    def from_draft(cls, data: Mapping[str, Any], prompt_set: PromptSet) -> InterviewState:
        """Rebuild state from a draft, keeping only answers that still fit the prompt set. A
        draft edited by hand into another shape gives what can be read, never a crash."""
        state = cls()

        def named(data_key: str) -> list[tuple[str, Any]]:
            value = data.get(data_key)
            pairs = value.items() if isinstance(value, Mapping) else ()
            return [(k, v) for k, v in pairs if isinstance(k, str) and k in prompt_set.by_id]

        for pid, raw in named("answers"):
            try:
                value = validate_answer(prompt_set.by_id[pid], raw)
            except InvalidAnswer:
                continue  # the prompt set changed since; the prompt is simply asked again
            state.record(pid, value)
        skipped = data.get("skipped")
        for pid in skipped if isinstance(skipped, list) else []:
            if isinstance(pid, str) and pid in prompt_set.by_id and not state.is_done(pid):
                state.record(pid, None)
        for pid, text in named("partial"):
            if isinstance(text, str) and not state.is_done(pid):
                state.partial[pid] = text
        return state


def scripted_state(prompt_set: PromptSet, answers: Any, source: str) -> InterviewState:
    """Validate a whole --answers mapping up front, so a bad value writes nothing."""
    if not isinstance(answers, Mapping):
        raise AnswersFileError(f"{source}: expected a mapping of prompt ids to answers")
    known = ", ".join(p.id for p in prompt_set.prompts)
    state = InterviewState()
    for pid, raw in answers.items():
        prompt = prompt_set.by_id.get(str(pid))
        if prompt is None:
            raise AnswersFileError(f"{source}: unknown prompt id '{pid}' (known: {known})")
        try:
            state.record(prompt.id, validate_answer(prompt, raw))
        except InvalidAnswer as exc:
            raise InvalidAnswer(f"{source}: {exc}") from None
    return state


def run_interview(
    prompt_set: PromptSet,
    state: InterviewState,
    asker: Asker | None,
    save_draft: Callable[[InterviewState], None],
    *,
    contexts: Mapping[str, str] | None = None,
) -> InterviewState:
    """Ask every prompt not yet answered. With no asker (--no-input) optional prompts are skipped
    and a missing required one is an error."""
    # A prompt about earlier words (`context: last_insight`) is asked only when there are some:
    # with nothing to show, the question would make no sense.
    askable = [p for p in prompt_set.prompts if not p.context or p.context in (contexts or {})]
    pending = [p for p in askable if not state.is_done(p.id)]
    if asker is None:
        missing = [p.id for p in pending if not p.optional]
        if missing:
            raise MissingAnswer(
                f"no answer for required prompt '{missing[0]}' and --no-input was given; "
                "add it to the --answers file"
            )
        return state
    if len(pending) == len(askable):
        asker.intro(prompt_set)
    total = len(askable)
    for prompt in pending:
        position = (askable.index(prompt) + 1, total)

        def keep_partial(text: str, pid: str = prompt.id) -> None:
            state.partial[pid] = text
            save_draft(state)

        while True:
            raw = asker.ask(
                prompt,
                position=position,
                context=(contexts or {})[prompt.context] if prompt.context else "",
                started_text=state.partial.get(prompt.id, ""),
                on_line=keep_partial,
            )
            try:
                value = validate_answer(prompt, raw)
            except InvalidAnswer as exc:
                asker.invalid(str(exc).split(": ", 1)[-1])
                continue
            if value is None and not prompt.optional:
                asker.invalid("This one is needed to save the entry.")
                continue
            break
        state.record(prompt.id, value)
        save_draft(state)
    return state


def load_answers(source: str) -> tuple[Any, str]:
    """Read an --answers file ('-' is standard input) as YAML; returns (data, name for messages)."""
    import sys

    from kjournal.journal.yamlio import UnsupportedYAML, YAMLError, load_yaml

    name = "standard input" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()  # noqa: SIM115
    except FileNotFoundError:
        raise AnswersFileError(f"{name}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswersFileError(f"{name}: cannot be read ({exc.__class__.__name__})") from None
    try:
        # A prompt answered twice would otherwise keep only the last answer, without a word;
        # plain: no aliases or tags, so a few hundred bytes cannot cost minutes and gigabytes.
        data = load_yaml(text, unique_keys=True)
    except UnsupportedYAML as exc:
        # Where, never the tag or alias itself: it can be a word of an answer (`!note ...`).
        where = f"at {exc.where}" if exc.where else ""
        raise AnswersFileError(
            f"{name}: not valid YAML {where} (tags, anchors and aliases are not read; "
            "put the answer in quotes)"
        ) from None
    except YAMLError as exc:
        # Where, never PyYAML's problem text: it can quote a word of an answer (an alias or a
        # tag, such as `*me` or `!note`, typed at the start of one).
        what = "; a prompt is answered twice" if exc.duplicate_key else ""
        where = f"at {exc.where}" if exc.where else f"({exc.reason})"
        raise AnswersFileError(f"{name}: not valid YAML {where}{what}") from None
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise AnswersFileError(
            f"{name}: expected a mapping of prompt ids to answers, e.g. 'mood: 6'"
        )
    return data, name
