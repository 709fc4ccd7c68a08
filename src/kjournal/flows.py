"""The flows that write entries: intend, integrate, checkin and a scale on its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kjournal.entry import Entry, Section
from kjournal.errors import AnswersFileError, Cancelled, EntryError, Interrupted, SessionError
from kjournal.interview import Asker, InterviewState, run_interview, scripted_state
from kjournal.prompts import PromptSet
from kjournal.scales import Scale, ScaleResult, as_prompt_set, score
from kjournal.store import Journal, JournalScan


@dataclass
class FlowOptions:
    """How a flow was started: scripted answers, whether to ask, resume choice, target session."""

    answers: Any = None
    answers_source: str = "--answers"
    resume: bool | None = None  # None: ask when there is a draft
    session: int | None = None
    again: bool = False
    now: datetime | None = None
    scales_due_days: int = 7


@dataclass
class FlowResult:
    entry: Entry
    path: Path
    prompt_set: PromptSet
    resumed: bool = False
    draft_set_aside: Path | None = None
    draft_left: Path | None = None
    problems: list[EntryError] = field(default_factory=list)
    scale_results: list[ScaleResult] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def now_local() -> datetime:
    """The current time with the local UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


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
) -> tuple[Entry, list[ScaleResult]]:
    """Place each answer as DESIGN.md says: ratings, facts and scale items in front matter, free
    text in sections; flag the entry when a risk prompt or a scale's risk item was answered."""
    fields: dict[str, Any] = {}
    ratings: dict[str, int | float] = {}
    sections: list[Section] = []
    risk = False
    for prompt in prompt_set.prompts:
        value = state.answers.get(prompt.id)
        if value is None or prompt.scale:
            continue
        risk = risk or prompt.risk
        if prompt.type == "rating":
            ratings[prompt.id] = value  # type: ignore[assignment]
        elif prompt.store == "front_matter":
            fields[prompt.id] = value
        else:
            sections.append(Section(prompt.text, str(value)))
    results = []
    for scale in scales:
        raw = [state.answers.get(f"{scale.id}_item{n}") for n in range(1, len(scale.items) + 1)]
        if all(v is None for v in raw):
            continue  # offered, then skipped entirely
        result = score(scale, [int(v) if v is not None else None for v in raw])  # type: ignore[arg-type]
        results.append(result)
        risk = risk or result.risk
    if ratings:
        fields = {"ratings": ratings, **fields}
    if results:
        fields["scales"] = {r.scale: r.as_fields() for r in results}
    if risk:
        fields["risk"] = True
    entry = Entry(kind=kind, created=created, session=session, fields=fields, sections=sections)
    return entry, results


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


def pending_session(scan: JournalScan) -> int | None:
    """The latest session that has an intention but no integration yet."""
    integrated = {e.session for e in scan.entries if e.kind == "integration"}
    waiting = [
        e.session for e in scan.entries if e.kind == "intention" and e.session not in integrated
    ]
    return max(waiting, default=None)  # type: ignore[type-var]


def intention_text(journal: Journal, scan: JournalScan, session: int) -> str:
    """The person's own intention for a session, as plain text to show before reflecting."""
    intentions = [e for e in scan.entries if e.kind == "intention" and e.session == session]
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


def scales_due(scan: JournalScan, scale_ids: Sequence[str], now: datetime, days: int) -> list[str]:
    """Scales with no score in the last `days` days (their recall windows make weekly enough)."""
    since = now - timedelta(days=days)
    recent = {
        name
        for e in scan.entries
        if e.created >= since and isinstance(e.fields.get("scales"), dict)
        for name in e.fields["scales"]
    }
    return [name for name in scale_ids if name not in recent]


# Running a flow


@dataclass
class _Start:
    """How a flow begins: an earlier draft to resume, or not, and what happened to it."""

    draft: dict[str, Any] | None = None
    draft_set_aside: Path | None = None
    draft_left: Path | None = None

    def header(self, flow: str, **extra: Any) -> dict[str, Any]:
        """What a draft records besides the answers; a resumed draft keeps its start time."""
        started = (self.draft or {}).get("started") or now_local().isoformat()
        return {"flow": flow, "started": started, **extra}


def _check_draft(journal: Journal, flow: str, asker: Asker | None, options: FlowOptions) -> _Start:
    """Resume a draft, set it aside, or leave it for later; never throw one away."""
    draft_path = journal.draft_path(flow)
    if options.answers is not None:
        return _Start(draft_left=draft_path if draft_path.exists() else None)
    draft = journal.load_draft(flow)
    if draft is None:
        return _Start()
    resume = options.resume
    if resume is None:
        if asker is None:  # --no-input: leave the draft for the next interactive run
            return _Start(draft_left=draft_path)
        started = str(draft.get("started", "earlier"))[:16].replace("T", " ")
        resume = asker.confirm(
            f"You have unfinished answers from {started}. Pick up where you left off?", default=True
        )
    if resume:
        return _Start(draft=draft)
    return _Start(draft_set_aside=journal.set_draft_aside(flow))


def _initial_state(start: _Start, prompt_set: PromptSet, options: FlowOptions) -> InterviewState:
    if options.answers is not None:
        return scripted_state(prompt_set, options.answers, options.answers_source)
    if start.draft is not None:
        return InterviewState.from_draft(start.draft, prompt_set)
    return InterviewState()


def _interview(
    journal: Journal,
    flow: str,
    prompt_set: PromptSet,
    state: InterviewState,
    asker: Asker | None,
    header: dict[str, Any],
    contexts: dict[str, str] | None = None,
) -> InterviewState:
    def save(current: InterviewState) -> None:
        journal.save_draft(flow, {**header, **current.to_draft()})

    try:
        return run_interview(prompt_set, state, asker, save, contexts=contexts)
    except (KeyboardInterrupt, EOFError):
        if state.answers or state.partial or state.skipped:
            save(state)
            command = flow.replace("-", " ")
            raise Interrupted(
                f"Stopped. Your answers so far are kept; run `kjournal {command}` to pick up "
                "where you left off."
            ) from None
        raise Interrupted("Stopped. Nothing was written.") from None


def _save(
    journal: Journal,
    flow: str,
    kind: str,
    start: _Start,
    prompt_set: PromptSet,
    state: InterviewState,
    options: FlowOptions,
    *,
    scales: Sequence[Scale] = (),
    session: int | None = None,
    new_session: bool = False,
    problems: Sequence[EntryError] = (),
    needs_an_answer: bool = False,
) -> FlowResult:
    """Build and save the entry, then drop the draft. Only a new session needs the lock and a
    scan (for its number); other entries are safe without either, as names are never reused."""
    if needs_an_answer and not state.answers:
        if start.draft_left is None:
            journal.discard_draft(flow)
        raise Cancelled("every question was skipped, so nothing was saved")
    created = options.now or now_local()
    if new_session:
        with journal.lock():  # numbering and saving together: two intends never share a number
            scan = journal.scan()
            problems = scan.problems
            entry, results = build_entry(
                kind, prompt_set, state, created, next_session_number(scan), scales
            )
            path = journal.save_entry(entry)
    else:
        entry, results = build_entry(kind, prompt_set, state, created, session, scales)
        path = journal.save_entry(entry)
    if start.draft_left is None:  # the draft was this flow's own: its entry is now safe
        journal.discard_draft(flow)
    return FlowResult(
        entry=entry,
        path=path,
        prompt_set=prompt_set,
        resumed=start.draft is not None,
        draft_set_aside=start.draft_set_aside,
        draft_left=start.draft_left,
        problems=list(problems),
        scale_results=results,
        notices=list(journal.notices),
    )


def intend(
    journal: Journal,
    prompt_set: PromptSet,
    asker: Asker | None,
    options: FlowOptions,
    offer: Sequence[Scale] = (),
) -> FlowResult:
    """Set an intention: creates the next session and its intention entry. Scales in `offer` are
    offered when due; the person can decline."""
    start = _check_draft(journal, "intend", asker, options)
    now = options.now or now_local()
    by_id = {s.id: s for s in offer}
    if start.draft is not None:
        chosen = [by_id[s] for s in start.draft.get("scales") or [] if s in by_id]
    elif options.answers is not None:
        chosen = [s for s in offer if isinstance(options.answers, dict) and s.id in options.answers]
        options.answers = scripted_scale_answers(options.answers, chosen, options.answers_source)
    else:
        chosen = []
        due = [
            by_id[s] for s in scales_due(journal.scan(), list(by_id), now, options.scales_due_days)
        ]
        if due and asker is not None:
            names = " and ".join(s.name for s in due)
            if asker.confirm(
                f"It has been more than {options.scales_due_days} days since your last {names}. "
                "Would you like to answer them now? (a few minutes; you can say no)",
                default=True,
            ):
                chosen = due
    full_set = with_scales(prompt_set, chosen)
    state = _initial_state(start, full_set, options)
    header = start.header("intend", scales=[s.id for s in chosen])
    state = _interview(journal, "intend", full_set, state, asker, header)
    return _save(
        journal,
        "intend",
        "intention",
        start,
        full_set,
        state,
        options,
        scales=chosen,
        new_session=True,
    )


def integrate(
    journal: Journal, prompt_set: PromptSet, asker: Asker | None, options: FlowOptions
) -> FlowResult:
    """Reflect after a session: an integration entry linked to that session's intention."""
    start = _check_draft(journal, "integrate", asker, options)
    scan = journal.scan()
    draft_session = (start.draft or {}).get("session")
    if isinstance(draft_session, int) and options.session in (None, draft_session):
        session = draft_session
    else:
        session = choose_session(scan, asker, options)
    header = start.header("integrate", session=session)
    contexts = {"intention": intention_text(journal, scan, session)}
    state = _initial_state(start, prompt_set, options)
    state = _interview(journal, "integrate", prompt_set, state, asker, header, contexts)
    return _save(
        journal,
        "integrate",
        "integration",
        start,
        prompt_set,
        state,
        options,
        session=session,
        problems=scan.problems,
    )


def checkin(
    journal: Journal, prompt_set: PromptSet, asker: Asker | None, options: FlowOptions
) -> FlowResult:
    """A one-minute check-in on any day, so trends can follow mood between sessions."""
    start = _check_draft(journal, "checkin", asker, options)
    state = _initial_state(start, prompt_set, options)
    state = _interview(journal, "checkin", prompt_set, state, asker, start.header("checkin"))
    return _save(
        journal, "checkin", "checkin", start, prompt_set, state, options, needs_an_answer=True
    )


def take_scale(
    journal: Journal, scale: Scale, asker: Asker | None, options: FlowOptions
) -> FlowResult:
    """A validated questionnaire on its own, saved as a check-in entry carrying the score."""
    flow = f"scale-{scale.id}"
    start = _check_draft(journal, flow, asker, options)
    prompt_set = with_scales(
        PromptSet(
            name=scale.id, title=scale.title, intro=scale.notice, prompts=(), source=scale.source
        ),
        [scale],
    )
    state = _initial_state(start, prompt_set, options)
    state = _interview(journal, flow, prompt_set, state, asker, start.header(flow))
    return _save(
        journal,
        flow,
        "checkin",
        start,
        prompt_set,
        state,
        options,
        scales=[scale],
        needs_an_answer=True,
    )
