"""The flows that write entries: intend, integrate, checkin and a scale on its own."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from kjournal.errors import (
    AnswersFileError,
    Cancelled,
    EntryError,
    Interrupted,
    KJournalError,
    Locked,
    SaveFailed,
    SessionError,
)
from kjournal.journal.entry import Entry, Section, is_conflict_copy, now_local, to_markdown
from kjournal.journal.store import Journal, JournalScan, os_reason
from kjournal.questions.interview import (
    Asker,
    InterviewState,
    load_answers,
    run_interview,
    scripted_state,
)
from kjournal.questions.prompts import Answer, Prompt, PromptSet, load_prompt_set
from kjournal.questions.scales import (
    Scale,
    ScaleResult,
    as_prompt_set,
    items_as_answers,
    load_scale,
    parse_items,
    score,
)
from kjournal.reports.sessions import (
    CARRIED_CONTEXTS,
    CarriedForward,
    carried_forward,
    last_integration,
    pending_session,
    scales_due,
)
from kjournal.safety import entry_signals_risk


class FlowEvents(Protocol):
    """What a flow tells the person while it runs (the command line prints it)."""

    def part_saved(self, part: PartSaved) -> None:
        """A questionnaire or a risk answer was saved as its own entry, or could not be."""
        ...

    def warn(self, message: str) -> None: ...


@dataclass
class FlowOptions:
    """How a flow was started: answers given in advance (and so whether it may ask), resume
    choice, target session, and where prompt sets are looked for."""

    answers_file: str | None = None  # --answers FILE; '-' is standard input
    flags: Mapping[str, Any] = field(default_factory=dict)  # checkin --mood 6: None is not given
    items: str | None = None  # scale --items 1,0,2,...
    resume: bool | None = None  # None: ask when there is a draft
    session: int | None = None
    again: bool = False
    now: datetime | None = None
    prompt_dirs: Sequence[Path] = ()  # searched before the packaged prompt sets (see sources)
    intend_scales: Sequence[str] = ()  # the questionnaires intend offers when due
    scales_due_days: int = 7  # 0: intend offers none
    events: FlowEvents | None = None
    # The answers given in advance, once read (`read_answers`), and what to call them in errors.
    answers: Any = None
    answers_source: str = "--answers"

    def asks(self, *, no_input: bool) -> bool:
        """Whether the flow may ask the person anything: not with --no-input, not when the
        answers come on standard input (it is spoken for), and not when flags or --items gave
        them (a shell alias such as `kjournal checkin --mood 6` never waits)."""
        return not (
            no_input or self.answers_file == "-" or self._given_flags() or self.items is not None
        )

    def read_answers(self) -> None:
        """The --answers file, with answers given as flags on top: with any flag, the entry is
        complete and scripted."""
        if self.answers_file is not None:
            self.answers, self.answers_source = load_answers(self.answers_file)
        if given := self._given_flags():
            self.answers = {**(self.answers or {}), **given}
            self.answers_source = "flags"

    def _given_flags(self) -> dict[str, Any]:
        return {key: value for key, value in self.flags.items() if value is not None}


@dataclass
class FlowSpec:
    """What one run of a flow asks and saves, and what its draft records: the flow functions
    below build one, and the runner does the rest the same way for every flow."""

    name: str  # the draft's name: intend, integrate, checkin, scale-phq9
    kind: str  # the kind of the entry saved at the end
    prompt_set: PromptSet
    scales: Sequence[Scale] = ()
    contexts: dict[str, str] | None = None
    session: int | None = None
    new_session: bool = False
    needs_an_answer: bool = False
    problems: Sequence[EntryError] = ()
    draft_fields: dict[str, Any] = field(default_factory=dict)  # e.g. the session integrated
    carried: CarriedForward | None = None  # intend: the last reflection's insight and action
    links: dict[str, Any] = field(default_factory=dict)  # integrate: the intention's id


@dataclass
class PartSaved:
    """A questionnaire, or an answer to a `risk: true` prompt, saved as its own entry the moment
    it ended, so that a flow stopped later never loses it. `path` is None when the journal could
    not be written (`error` says why); the entry at the end then carries its answers."""

    entry: Entry
    path: Path | None
    scale_results: list[ScaleResult]
    error: str | None = None

    @property
    def risk(self) -> bool:
        return entry_signals_risk(self.entry.fields)


@dataclass
class FlowResult:
    """What a finished flow saved, and what the person should be told about it."""

    entry: Entry
    path: Path
    prompt_set: PromptSet
    drafts_set_aside: list[Path] = field(default_factory=list)
    draft_left: Path | None = None
    problems: list[EntryError] = field(default_factory=list)
    scale_results: list[ScaleResult] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    parts: list[PartSaved] = field(default_factory=list)

    @property
    def risk(self) -> bool:
        """The entry saved at the end signals risk: the crisis lines follow it."""
        return entry_signals_risk(self.entry.fields)


# Building the entry


def with_scales(prompt_set: PromptSet, scales: Sequence[Scale]) -> PromptSet:
    """The prompt set with scale items asked right after the opening ratings."""
    if not scales:
        return prompt_set
    prompts = list(prompt_set.prompts)
    at = 0
    while at < len(prompts) and prompts[at].type == "rating":
        at += 1
    items = [
        replace(
            item, id=f"{scale.id}_{item.id}", scale=scale.id, text=f"{scale.name} · {item.text}"
        )
        for scale in scales
        for item in as_prompt_set(scale).prompts
    ]
    return PromptSet(
        name=prompt_set.name,
        title=prompt_set.title,
        intro=prompt_set.intro,
        outro=prompt_set.outro,
        prompts=tuple(prompts[:at] + items + prompts[at:]),
        source=prompt_set.source,
    )


def build_entry(
    kind: str,
    prompt_set: PromptSet,
    state: InterviewState,
    created: datetime,
    session: int | None,
    scales: Sequence[Scale] = (),
    *,
    leave_out: Collection[str] = (),
) -> tuple[Entry, list[ScaleResult]]:
    """Place each answer as DESIGN.md says: ratings, facts and scale items in front matter, free
    text in sections; flag the entry when a risk prompt or a scale's risk item was answered.
    Prompts in `leave_out` (parts already saved as entries of their own) are not repeated."""
    fields: dict[str, Any] = {}
    # Numbers from validate_answer; but when nothing could be saved, _answers_text adds the
    # half-typed text a draft holds, for any prompt a hand-edited draft names: any answer.
    ratings: dict[str, Answer] = {}
    sections: list[Section] = []
    risk = False
    for prompt in prompt_set.prompts:
        value = state.answers.get(prompt.id)
        if value is None or prompt.scale or prompt.id in leave_out:
            continue
        risk = risk or prompt.risk
        if prompt.type == "rating":
            ratings[prompt.id] = value
        elif prompt.store == "front_matter":
            fields[prompt.id] = value
        else:
            sections.append(Section(prompt.text, str(value)))
    results = []
    asked = {p.id for p in prompt_set.prompts if p.id not in leave_out}
    for scale in scales:
        ids = [f"{scale.id}_item{n}" for n in range(1, len(scale.items) + 1)]
        if not asked.issuperset(ids):
            continue  # saved as its own entry already
        raw = [state.answers.get(i) for i in ids]
        difficulty = state.answers.get(f"{scale.id}_difficulty")
        if all(v is None for v in raw) and difficulty is None:
            continue  # offered, then skipped entirely
        items = [_item_number(v) for v in raw]
        result = score(scale, items, difficulty=difficulty)
        results.append(result)
        risk = risk or result.risk
    if ratings:
        fields = {"ratings": ratings, **fields}
    if results:
        fields["scales"] = {r.scale: r.as_fields() for r in results}
    if risk:
        fields["risk"] = True
    entry = Entry(kind=kind, created=created, session=session, fields=fields, sections=sections)
    if kind == "questionnaire" and len(results) == 1:
        scale = next(s for s in scales if s.id == results[0].scale)
        entry.title = f"{scale.name}, {created.day} {created:%B %Y}"
    return entry, results


def _item_number(answer: Answer | None) -> int | None:
    """A scale item's answer (a choice, whose value is the option's number as text) as that
    number; None when skipped."""
    if answer is None:
        return None
    if isinstance(answer, list):  # several choices: never given to an item, and int() refuses
        raise TypeError("a scale item takes one choice")
    return int(answer)


def scripted_scale_answers(answers: Any, scales: Sequence[Scale], source: str) -> Any:
    """Let an --answers file give a scale as a list of item answers: `phq9: [1, 0, ...]`."""
    if not isinstance(answers, dict):
        return answers
    flat = dict(answers)
    for scale in scales:
        items = flat.pop(scale.id, None)
        if items is None:
            continue
        if not isinstance(items, list) or len(items) != len(scale.items):
            raise AnswersFileError(
                f"{source}: {scale.id} must be a list of {len(scale.items)} answers"
            )
        flat.update({f"{scale.id}_item{n}": v for n, v in enumerate(items, 1) if v is not None})
    return flat


# Sessions


def next_session_number(scan: JournalScan) -> int:
    """One more than any session number seen, in readable files or in ones that failed to parse."""
    numbers = {e.session for e in scan.entries if e.session is not None} | scan.unreadable_sessions
    return max(numbers, default=0) + 1


def intention_text(journal: Journal, scan: JournalScan, session: int) -> str:
    """The person's own intention for a session, as plain text to show before reflecting."""
    intentions = [e for e in scan.entries if e.kind == "intention" and e.session == session]
    if journal.reading_locked and any(journal.is_encrypted(e) for e in intentions):
        try:  # offered, never required: Enter goes on without it
            journal.keys.identity("to see your intention here")
        except Locked:
            return (
                "(Your intention is kept encrypted, and your journal is locked. "
                f"`kjournal session {session}` shows it once you type your passphrase.)"
            )
    intentions = journal.with_bodies(intentions)
    parts = [
        f"{s.heading}\n  " + s.text.replace("\n", "\n  ") for e in intentions for s in e.sections
    ]
    return "\n\n".join(parts) or "(You did not write an intention for this session.)"


def choose_session(scan: JournalScan, asker: Asker | None, options: FlowOptions) -> int:
    """The session to integrate: --session N, or the latest one still waiting."""
    sessions = sorted({e.session for e in scan.entries if e.kind == "intention" and e.session})
    if options.session is not None:
        if options.session not in sessions:
            known = ", ".join(map(str, sessions)) or "none yet"
            raise SessionError(f"there is no session {options.session} (sessions: {known})")
        session = options.session
    else:
        waiting = pending_session(scan)
        if waiting is None:
            if not sessions:
                raise SessionError(
                    "there is no session yet: run `kjournal intend` before a session"
                )
            raise SessionError(
                "every session already has an integration; use --session N to add another"
            )
        session = waiting
    done = [e for e in scan.entries if e.kind == "integration" and e.session == session]
    if done and not options.again:
        when = f"{done[-1].created.day} {done[-1].created:%B}"
        if asker is None:
            raise SessionError(
                f"session {session} already has an integration ({when}); "
                "pass --again to add another"
            )
        if not asker.confirm(
            f"Session {session} already has an integration from {when}. Write another one?",
            default=False,
        ):
            raise Cancelled("nothing was written")
    return session


# Running a flow


@dataclass
class _Start:
    """How a run begins: the draft it resumes (claimed as its own) or none, and what happened
    to the other drafts of the flow."""

    draft: dict[str, Any] | None = None
    draft_path: Path | None = None  # the resumed draft, now this run's own
    drafts_set_aside: list[Path] = field(default_factory=list)
    draft_left: Path | None = None

    def header(self, flow: str, **extra: Any) -> dict[str, Any]:
        """What a draft records besides the answers; a resumed draft keeps its start time and
        the parts it already saved as entries."""
        draft = self.draft or {}
        started = draft.get("started") or now_local().isoformat()
        found = draft.get("parts")
        found = found if isinstance(found, dict) else {}
        parts = {  # only records of the shape this flow writes: a hand-edited draft is data
            key: record
            for key, record in found.items()
            if isinstance(record, dict)
            and isinstance(record.get("path"), str)
            and isinstance(record.get("created"), str)
        }
        return {"flow": flow, "started": started, **extra, "parts": parts}


def draft_words(data: dict[str, Any], limit: int = 40) -> str:
    """The first words written in a draft, so a person can tell two drafts apart."""
    texts = [
        text
        for key in ("partial", "answers")
        if isinstance(found := data.get(key), dict)
        for text in found.values()
    ]
    for text in texts:
        if isinstance(text, str) and text.strip() and not text.strip().isdigit():
            words = " ".join(text.split())
            return words if len(words) <= limit else words[: limit - 1] + "…"
    return ""


def _check_draft(journal: Journal, flow: str, asker: Asker | None, options: FlowOptions) -> _Start:
    """Offer each unfinished draft of this flow, newest first: resume one, or set them aside.
    Nothing is thrown away, and another window's draft is never written over."""
    waiting = journal.flow_drafts(flow)
    if options.answers is not None or (options.resume is None and asker is None):
        # Scripts and --no-input leave drafts for the next interactive run.
        return _Start(draft_left=waiting[0].path if waiting else None)
    start = _Start()
    now = now_local()
    for draft in waiting:
        locked = journal.reading_locked and journal.is_encrypted(draft.path)
        resume = options.resume
        if locked and resume is None:  # asked first: the passphrase only for a yes
            assert asker is not None
            resume = asker.confirm(
                f"You have unfinished answers from {draft.ago(now)}, kept encrypted. "
                "Pick up where you left off?",
                default=True,
            )
        if locked and not resume:
            _set_aside(journal, draft.path, start, options)
            continue
        try:
            data = journal.read_draft(draft.path)
        except Locked:  # encrypted, and not unlocked: kept for a run that can open it
            if options.events is not None:
                options.events.warn(
                    f"your unfinished answers from {draft.ago(now)} stay kept, encrypted; the "
                    "next time you start this, they are offered again"
                )
            continue
        if data is None:
            continue  # unreadable: set aside by read_draft
        if resume is None:
            assert asker is not None
            words = draft_words(data)
            about = f' ("{words}")' if words else ""
            resume = asker.confirm(
                f"You have unfinished answers from {draft.ago(now)}{about}. "
                "Pick up where you left off?",
                default=True,
            )
        if resume:
            claimed = journal.claim_draft(draft.path, flow)
            if claimed is None:
                continue  # another window resumed it a moment ago
            start.draft, start.draft_path = data, claimed
            return start
        _set_aside(journal, draft.path, start, options)
    return start


def _set_aside(journal: Journal, path: Path, start: _Start, options: FlowOptions) -> None:
    aside = journal.set_draft_aside(path)
    start.drafts_set_aside.append(aside)
    if options.events is not None:
        options.events.warn(f"those unfinished answers are kept at {aside}")


def _initial_state(start: _Start, prompt_set: PromptSet, options: FlowOptions) -> InterviewState:
    if options.answers is not None:
        return scripted_state(prompt_set, options.answers, options.answers_source)
    if start.draft is not None:
        return InterviewState.from_draft(start.draft, prompt_set)
    return InterviewState()


@dataclass(frozen=True)
class _Part:
    """Answers saved as an entry of their own the moment they are given: a questionnaire once
    its scored items are answered, or the answer to a `risk: true` prompt."""

    key: str
    prompts: tuple[Prompt, ...]
    scale: Scale | None = None

    def ready(self, state: InterviewState) -> bool:
        if self.scale is None:
            return state.answers.get(self.prompts[0].id) is not None
        scored = [p.id for p in self.prompts if p.id.startswith(f"{self.scale.id}_item")]
        return all(state.is_done(i) for i in scored) and any(i in state.answers for i in scored)

    def complete(self, state: InterviewState) -> bool:
        return all(state.is_done(p.id) for p in self.prompts)


def _parts(prompt_set: PromptSet, scales: Sequence[Scale]) -> list[_Part]:
    parts = [
        _Part(
            scale.id,
            tuple(p for p in prompt_set.prompts if p.scale == scale.id),
            scale,
        )
        for scale in scales
    ]
    parts += [_Part(f"risk-{p.id}", (p,)) for p in prompt_set.prompts if p.risk and not p.scale]
    return [part for part in parts if part.prompts]


class _Runner:
    """Draft after every answer, parts saved as they end, the entry saved at the end. A journal
    that cannot be written never stops the flow early: the person is told, and the answers are
    kept wherever they can be (the entry, else the draft, else the screen)."""

    def __init__(
        self,
        journal: Journal,
        spec: FlowSpec,
        start: _Start,
        header: dict[str, Any],
        options: FlowOptions,
    ) -> None:
        self.journal, self.spec, self.start, self.options = journal, spec, start, options
        self.header = header
        self.parts = _parts(spec.prompt_set, spec.scales)
        self.saved_parts: list[PartSaved] = []
        self.failed_parts: set[str] = set()  # tried once; the entry at the end carries them
        self.failed_risk = False
        self.draft_path = start.draft_path or journal.new_draft_path(spec.name)
        self.draft_exists = start.draft_path is not None
        self.draft_hold = journal.hold_draft(self.draft_path)
        self.draft_written = False
        self.draft_warned = False

    @property
    def _done_parts(self) -> dict[str, Any]:
        parts: dict[str, Any] = self.header["parts"]  # header() always writes a mapping
        return parts

    def write_draft(self, state: InterviewState) -> None:
        data = {**self.header, **state.to_draft()}
        try:
            try:
                self.journal.save_draft(self.draft_path, data, new=not self.draft_exists)
            except FileExistsError:  # the name was taken after all: take another
                self.journal.release_draft(self.draft_path, self.draft_hold)
                self.draft_path = self.journal.new_draft_path(self.spec.name)
                self.draft_hold = self.journal.hold_draft(self.draft_path)
                self.journal.save_draft(self.draft_path, data, new=True)
            self.draft_exists = True
        except OSError as exc:
            self.draft_written = False
            if not self.draft_warned:
                self.draft_warned = True
                self._warn(
                    f"your answers could not be written to a draft ({_reason(exc)}); carry on, "
                    "they are kept here and saved at the end if the journal can be written"
                )
        else:
            self.draft_written = True

    def after_answer(self, state: InterviewState) -> None:
        """Called after every answer (and every line of one): draft first, then any part."""
        self.write_draft(state)
        self.save_parts(state)

    def save_parts(self, state: InterviewState) -> None:
        for part in self.parts:
            record = self._done_parts.get(part.key)
            if record is None and part.key not in self.failed_parts and part.ready(state):
                self._save_part(part, state)
            elif record and not record.get("complete") and part.complete(state):
                self._complete_part(part, state, record)

    def save_parts_on_stop(self, state: InterviewState) -> None:
        """Stopped mid-flow: a risk prompt's half-typed answer is still a risk answer, so it is
        saved (and flagged) like a finished one; finished parts not yet saved are saved now."""
        typed = {
            part.prompts[0].id: text
            for part in self.parts
            if part.scale is None
            and part.key not in self._done_parts
            and (text := state.partial.get(part.prompts[0].id, "").strip())
        }
        if typed:
            state = InterviewState(
                answers={**state.answers, **typed}, skipped=state.skipped, partial=state.partial
            )
        self.save_parts(state)

    def _part_entry(
        self, part: _Part, state: InterviewState, created: datetime
    ) -> tuple[Entry, list[ScaleResult]]:
        kind = "questionnaire" if part.scale else "checkin"
        source = self.spec.prompt_set.source
        part_set = PromptSet(name=part.key, title="", intro="", prompts=part.prompts, source=source)
        entry, results = build_entry(
            kind, part_set, state, created, None, [part.scale] if part.scale else []
        )
        if self.spec.kind != "questionnaire":  # part of a longer flow: say which, e.g. intend
            entry.fields["during"] = self.spec.name
        return entry, results

    def _save_part(self, part: _Part, state: InterviewState) -> None:
        created = self.options.now or now_local()
        entry, results = self._part_entry(part, state, created)
        try:
            path: Path | None = self.journal.save_entry(entry)
        except OSError as exc:
            self.failed_parts.add(part.key)
            saved = PartSaved(entry, None, results, _reason(exc))
            self.failed_risk = self.failed_risk or saved.risk
        else:
            self._done_parts[part.key] = {
                "path": str(path),
                "created": created.isoformat(),
                "complete": part.complete(state),
            }
            # The draft learns of the entry before anything is shown, so that a window closed
            # while the lines are drawn never saves the same answers twice on resuming.
            self.write_draft(state)
            saved = PartSaved(entry, path, results)
            self.saved_parts.append(saved)
        if self.options.events is not None:
            self.options.events.part_saved(saved)

    def _complete_part(self, part: _Part, state: InterviewState, record: dict[str, Any]) -> None:
        """A follow-up (PHQ-9's difficulty question) answered after the part was saved: the
        part's own entry, seconds old, is rewritten in place with it."""
        from kjournal.journal.store import read_entry

        record["complete"] = True  # tried once, whatever happens: never again on every answer
        path = Path(record["path"])
        try:
            created = datetime.fromisoformat(record["created"])
            saved = read_entry(path)
            entry, _ = self._part_entry(part, state, created)
            # Only the part's own entry, unchanged in kind and time: a draft edited by hand
            # never turns this into a write over another entry.
            if (saved.kind, saved.created, saved.scale_ids) != (
                entry.kind,
                entry.created,
                entry.scale_ids,
            ):
                raise EntryError(path, "is not the entry this draft saved")
            self.journal.rewrite_entry(path, entry)
        except (OSError, ValueError, KJournalError) as exc:
            reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
            self._warn(f"your last answer could not be added to {path} ({reason})")
            return
        self.write_draft(state)

    def kept_draft(self) -> Path | None:
        """The run's draft, if its last write succeeded: where the answers wait."""
        return self.draft_path if self.draft_written else None

    def _warn(self, message: str) -> None:
        if self.options.events is not None:
            self.options.events.warn(message)

    def saved_keys(self) -> set[str]:
        return {p.id for part in self.parts if part.key in self._done_parts for p in part.prompts}

    def saved_part_names(self) -> list[str]:
        return [
            part.scale.name if part.scale else "answer"
            for part in self.parts
            if part.key in self._done_parts
        ]

    def risk_answered(self) -> bool:
        """A risk answer came up in this run, saved or not."""
        return self.failed_risk or any(part.risk for part in self.saved_parts)

    def last_saved_part(self) -> tuple[Entry, Path] | None:
        """The newest part saved as an entry, in this run or the one whose draft it resumed."""
        from kjournal.journal.store import read_entry

        for part in reversed(self.parts):
            record = self._done_parts.get(part.key)
            if record:
                path = Path(str(record["path"]))
                try:
                    return read_entry(path), path
                except (OSError, EntryError):
                    continue
        return None


def _saved_words(names: list[str]) -> str:
    """'Your PHQ-9 is saved. ', 'Your PHQ-9 and GAD-7 are saved. ', or ''."""
    if not names:
        return ""
    verb = "is" if len(names) == 1 else "are"
    return f"Your {' and '.join(names)} {verb} saved. "


def _reason(exc: OSError, *, with_path: bool = False) -> str:
    reason = os_reason(exc)
    return f"{reason}: {exc.filename}" if with_path and exc.filename else reason


def _advice(exc: OSError) -> str:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some space"
    if exc.errno == errno.EROFS:
        return "make the journal's disk writable"
    return "check that path (`kjournal doctor` helps)"


def _answers_text(
    spec: FlowSpec,
    state: InterviewState,
    created: datetime | None = None,
    leave_out: Collection[str] = (),
) -> str:
    """Every answer of a run as the entry text, for the screen when nothing could be written;
    half-typed answers are included as they were typed."""
    typed = {pid: text for pid, text in state.partial.items() if pid not in state.answers}
    full = InterviewState({**state.answers, **typed}, state.skipped, {})
    entry, _ = _build(spec, full, created or now_local(), spec.session, set(leave_out))
    return to_markdown(entry)


def _run(
    journal: Journal, spec: FlowSpec, start: _Start, asker: Asker | None, options: FlowOptions
) -> FlowResult:
    """Run a flow as its spec says, from where its start left it, to its saved entry."""
    header = start.header(spec.name, **spec.draft_fields)
    state = _initial_state(start, spec.prompt_set, options)
    runner = _Runner(journal, spec, start, header, options)
    try:
        return _run_held(journal, spec, runner, state, asker)
    finally:
        journal.release_draft(runner.draft_path, runner.draft_hold)


def _run_held(
    journal: Journal, spec: FlowSpec, runner: _Runner, state: InterviewState, asker: Asker | None
) -> FlowResult:
    runner.save_parts(state)  # scripted answers and resumed drafts may hold whole parts already
    try:
        state = run_interview(
            spec.prompt_set, state, asker, runner.after_answer, contexts=spec.contexts
        )
    except (KeyboardInterrupt, EOFError):
        runner.save_parts_on_stop(state)
        risk = runner.risk_answered()
        if state.answers or state.partial or state.skipped:
            runner.write_draft(state)
            command = spec.name.replace("-", " ")
            names = runner.saved_part_names()
            rest = "The rest of your answers are" if names else "Your answers so far are"
            if runner.draft_written:
                where = f"{rest} kept; run `kjournal {command}` to pick up where you left off."
                unsaved = None
            else:
                where = "No draft could be written: your answers are printed above."
                unsaved = _answers_text(spec, state)
            raise Interrupted(
                f"Stopped. {_saved_words(names)}{where}", unsaved_text=unsaved, risk=risk
            ) from None
        raise Interrupted("Stopped. Nothing was written.", risk=risk) from None
    return _save(journal, spec, runner, state)


def _save(journal: Journal, spec: FlowSpec, runner: _Runner, state: InterviewState) -> FlowResult:
    """Build and save the entry, then drop the draft. Only a new session needs the lock and a
    scan (for its number); other entries are safe without either, as names are never reused."""
    leave_out = runner.saved_keys()
    left = [p for p in spec.prompt_set.prompts if p.id not in leave_out]
    if spec.needs_an_answer and not any(p.id in state.answers for p in left):
        return _parts_only(journal, spec, runner)
    created = runner.options.now or now_local()
    problems = list(spec.problems)
    try:
        if spec.new_session:
            with journal.lock():  # numbering and saving together: two intends never share one
                scan = journal.scan()
                problems = scan.problems
                entry, results = _build(spec, state, created, next_session_number(scan), leave_out)
                path = journal.save_entry(entry)
        else:
            entry, results = _build(spec, state, created, spec.session, leave_out)
            path = journal.save_entry(entry)
    except OSError as exc:
        raise _save_failed(spec, runner, state, exc, created, leave_out) from None
    _drop_draft(journal, runner)
    return _result(journal, spec, runner, entry, path, results, problems)


def _parts_only(journal: Journal, spec: FlowSpec, runner: _Runner) -> FlowResult:
    """A questionnaire on its own: its entry, saved in this run or the one resumed, is the
    whole flow; with every question skipped, nothing was saved."""
    if runner.saved_parts:
        part = runner.saved_parts[-1]
        _drop_draft(journal, runner)
        assert part.path is not None
        return _result(journal, spec, runner, part.entry, part.path, part.scale_results)
    if (earlier := runner.last_saved_part()) is not None:
        _drop_draft(journal, runner)
        return _result(journal, spec, runner, *earlier, [])
    _drop_draft(journal, runner)
    raise Cancelled("every question was skipped, so nothing was saved")


def _save_failed(
    spec: FlowSpec,
    runner: _Runner,
    state: InterviewState,
    exc: OSError,
    created: datetime,
    leave_out: set[str],
) -> SaveFailed:
    """The entry could not be written: the draft gets one more try, and the error says where
    the answers wait, or carries them for the screen when no draft could be written either."""
    runner.write_draft(state)
    draft = runner.kept_draft()
    saved = _saved_words(runner.saved_part_names())
    problem = f"Your answers could not be saved ({_reason(exc, with_path=True)}). {saved}"
    if draft is not None:
        return SaveFailed(
            f"{problem}They are kept in {draft}; {_advice(exc)}, then run "
            f"`kjournal {spec.name.replace('-', ' ')}` to save them."
        )
    return SaveFailed(
        f"{problem}No draft could be written either: they are printed above; please copy "
        "them somewhere safe.",
        unsaved_text=_answers_text(spec, state, created, leave_out),
    )


def _build(
    spec: FlowSpec,
    state: InterviewState,
    created: datetime,
    session: int | None,
    leave_out: set[str],
) -> tuple[Entry, list[ScaleResult]]:
    entry, results = build_entry(
        spec.kind, spec.prompt_set, state, created, session, spec.scales, leave_out=leave_out
    )
    if spec.carried is not None:
        entry.fields.update(_carried_fields(spec.carried, spec.prompt_set, state))
    if spec.links:
        entry.fields = {**spec.links, **entry.fields}
    return entry, results


def _carried_fields(
    carried: CarriedForward, prompt_set: PromptSet, state: InterviewState
) -> dict[str, Any]:
    """The earlier words the person answered about, quoted, and the session they came from: read
    months later, "Does that insight still feel true? Mostly." still says which insight."""
    words = carried.by_context()
    answered = dict(
        words[p.context]
        for p in prompt_set.prompts
        if p.context in CARRIED_CONTEXTS and state.answers.get(p.id) is not None
    )
    if not answered:
        return {}
    link = {"carried_from": carried.session} if carried.session is not None else {}
    return {**link, "carried": answered}


def _drop_draft(journal: Journal, runner: _Runner) -> None:
    """The run's own draft goes once its entry is safe; other runs' drafts are never touched."""
    if runner.draft_exists:
        journal.discard_draft(runner.draft_path)


def _result(
    journal: Journal,
    spec: FlowSpec,
    runner: _Runner,
    entry: Entry,
    path: Path,
    results: list[ScaleResult],
    problems: Sequence[EntryError] = (),
) -> FlowResult:
    return FlowResult(
        entry=entry,
        path=path,
        prompt_set=spec.prompt_set,
        drafts_set_aside=runner.start.drafts_set_aside,
        draft_left=runner.start.draft_left,
        problems=list(problems or spec.problems),
        scale_results=results,
        notices=list(journal.notices),
        parts=runner.saved_parts,
    )


def _scale_offer(due: Sequence[Scale], scan: JournalScan, days: int) -> str:
    """The offer of questionnaires before an intention, true to what was answered before (a first
    time is not "more than 7 days since"), and saying how many questions a yes means."""
    taken = {name for e in scan.entries for name in e.scale_ids}
    before = [s.name for s in due if s.id in taken]
    never = [s.name for s in due if s.id not in taken]
    if not before:
        count = {1: "a short questionnaire", 2: "two short questionnaires"}.get(
            len(never), "short questionnaires"
        )
        lead = f"Clinics often follow treatment with {count}, {_listed(never, 'and')}."
    else:
        lead = f"It has been more than {days} days since your last {_listed(before, 'and')}"
        lead += f", and you have not answered {_listed(never, 'or')} yet." if never else "."
    questions = sum(len(s.items) + (s.followup is not None) for s in due)
    them = "them" if len(due) > 1 else "it"
    return (
        f"{lead}\nWould you like to answer {them} now, before your intention?\n"
        f"({questions} questions, a few minutes; Enter means not now)"
    )


def _listed(names: Sequence[str], word: str) -> str:
    return f"{', '.join(names[:-1])} {word} {names[-1]}" if len(names) > 1 else names[0]


def intend(journal: Journal, asker: Asker | None, options: FlowOptions) -> FlowResult:
    """Set an intention: creates the next session and its intention entry. The questionnaires
    of `options.intend_scales` are offered when due; the person can decline. Each
    questionnaire is saved as its own entry the moment it is answered."""
    prompt_set = _prompt_set("intend", options)
    offer = _offered_scales(options)
    start = _check_draft(journal, "intend", asker, options)
    now = options.now or now_local()
    scan = journal.scan()  # once, for the questionnaires due and what was carried forward
    by_id = {s.id: s for s in offer}
    if start.draft is not None:
        chosen = [by_id[s] for s in start.draft.get("scales") or [] if s in by_id]
    elif options.answers is not None:
        chosen = [s for s in offer if isinstance(options.answers, dict) and s.id in options.answers]
        options.answers = scripted_scale_answers(options.answers, chosen, options.answers_source)
    else:
        chosen = []
        due = [by_id[s] for s in scales_due(scan, list(by_id), now, options.scales_due_days)]
        # Enter means "not now": only a yes starts questions the person did not come for.
        if (
            due
            and asker is not None
            and asker.confirm(_scale_offer(due, scan, options.scales_due_days), default=False)
        ):
            chosen = due
    carried = _carried_forward(journal, scan, options)
    spec = FlowSpec(
        "intend",
        "intention",
        with_scales(prompt_set, chosen),
        chosen,
        contexts=_carried_contexts(carried),
        carried=carried,
        new_session=True,
        draft_fields={"scales": [s.id for s in chosen]},
    )
    return _run(journal, spec, start, asker, options)


def _carried_forward(
    journal: Journal, scan: JournalScan, options: FlowOptions
) -> CarriedForward | None:
    """What the last reflection set out to carry forward, read to show before intending. Any
    trouble (a broken integrate.yaml, an unreadable reflection) only means it is not shown:
    never a wall in front of an intention."""
    last = last_integration(scan)
    if last is None:
        return None
    try:
        asked = load_prompt_set("integrate", list(options.prompt_dirs)).by_id
        [last] = journal.with_bodies([last])
    except (KJournalError, OSError):
        return None
    headings = [asked[key].text if key in asked else "" for key in ("insight", "action")]
    return carried_forward(last, *headings)


def _carried_contexts(carried: CarriedForward | None) -> dict[str, str]:
    """The panels for intend's prompts about earlier words, only for words there are."""
    if carried is None:
        return {}
    after = f"\n\n(after session {carried.session})" if carried.session else ""
    return {key: text + after for key, (_, text) in carried.by_context().items() if text}


def integrate(journal: Journal, asker: Asker | None, options: FlowOptions) -> FlowResult:
    """Reflect after a session: an integration entry linked to that session's intention."""
    prompt_set = _prompt_set("integrate", options)
    start = _check_draft(journal, "integrate", asker, options)
    scan = journal.scan()
    draft = start.draft or {}
    draft_session = draft.get("session")
    # A draft names its intention by id too: a sync may have renumbered the session since.
    linked = _intention(scan, draft.get("intention"))
    if linked is not None and options.session in (None, linked.session):
        session = linked.session or 0
    elif isinstance(draft_session, int) and options.session in (None, draft_session):
        session = draft_session
    else:
        session = choose_session(scan, asker, options)
    intention = _intention_of(scan, session)
    link = {"intention": intention.id} if intention is not None else {}
    spec = FlowSpec(
        "integrate",
        "integration",
        prompt_set,
        contexts={"intention": intention_text(journal, scan, session)},
        session=session,
        problems=scan.problems,
        draft_fields={"session": session, **link},
        links=link,
    )
    return _run(journal, spec, start, asker, options)


def _intention(scan: JournalScan, intention_id: Any) -> Entry | None:
    """The intention of this id, or None."""
    if not isinstance(intention_id, str):
        return None
    return next((e for e in scan.entries if e.kind == "intention" and e.id == intention_id), None)


def _intention_of(scan: JournalScan, session: int) -> Entry | None:
    """The intention a reflection on this session answers (the latest, if there are two)."""
    found = [
        e
        for e in scan.entries
        if e.kind == "intention" and e.session == session and not is_conflict_copy(e.id)
    ]
    return max(found, key=lambda e: (e.created, e.id), default=None)


def checkin(journal: Journal, asker: Asker | None, options: FlowOptions) -> FlowResult:
    """A one-minute check-in on any day, so trends can follow mood between sessions."""
    prompt_set = _prompt_set("checkin", options)
    start = _check_draft(journal, "checkin", asker, options)
    spec = FlowSpec("checkin", "checkin", prompt_set, needs_an_answer=True)
    return _run(journal, spec, start, asker, options)


def take_scale(
    journal: Journal, asker: Asker | None, options: FlowOptions, *, name: str
) -> FlowResult:
    """A validated questionnaire on its own, saved as a questionnaire entry with its score.
    `name` as typed: PHQ-9 and phq9 are the same questionnaire."""
    scale = load_scale(name.lower().replace("-", ""), list(options.prompt_dirs))
    if options.items is not None:
        options.answers = items_as_answers(scale, parse_items(scale, options.items))
        options.answers_source = "--items"
    draft_name = f"scale-{scale.id}"
    start = _check_draft(journal, draft_name, asker, options)
    prompt_set = with_scales(
        PromptSet(
            name=scale.id,
            title=scale.title,
            intro=scale.instructions,
            prompts=(),
            source=scale.source,
        ),
        [scale],
    )
    spec = FlowSpec(draft_name, "questionnaire", prompt_set, [scale], needs_an_answer=True)
    return _run(journal, spec, start, asker, options)


def _offered_scales(options: FlowOptions) -> list[Scale]:
    """The questionnaires intend may offer; none, and none read, when the config's
    scales_due_days is 0 (offering switched off)."""
    if not options.scales_due_days:
        return []
    return [load_scale(name, list(options.prompt_dirs)) for name in options.intend_scales]


def _prompt_set(name: str, options: FlowOptions) -> PromptSet:
    """The flow's prompt set (the person's own copy first), then the answers given in advance:
    a broken prompt file is named before standard input is read."""
    prompt_set = load_prompt_set(name, list(options.prompt_dirs))
    options.read_answers()
    return prompt_set
