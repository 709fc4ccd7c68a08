"""The intend and integrate flows: choose the session, run the interview, save the entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kjournal.entry import Entry, Section
from kjournal.errors import Cancelled, Interrupted, SessionError
from kjournal.interview import Asker, InterviewState, run_interview, scripted_state
from kjournal.prompts import PromptSet
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


@dataclass
class FlowResult:
    entry: Entry
    path: Path
    prompt_set: PromptSet
    resumed: bool = False
    draft_set_aside: Path | None = None
    draft_left: Path | None = None
    problems: list = field(default_factory=list)


def now_local() -> datetime:
    """The current time with the local UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def build_entry(
    kind: str, prompt_set: PromptSet, state: InterviewState, created: datetime, session: int | None
) -> Entry:
    """Place each answer as DESIGN.md says: ratings and facts in front matter, text in sections."""
    fields: dict[str, Any] = {}
    ratings: dict[str, int] = {}
    sections: list[Section] = []
    risk = False
    for prompt in prompt_set.prompts:
        value = state.answers.get(prompt.id)
        if value is None:
            continue
        risk = risk or prompt.risk
        if prompt.type == "rating":
            ratings[prompt.id] = value  # type: ignore[assignment]
        elif prompt.store == "front_matter":
            fields[prompt.id] = value
        else:
            sections.append(Section(prompt.text, str(value)))
    if ratings:
        fields = {"ratings": ratings, **fields}
    if risk:
        fields["risk"] = True
    return Entry(kind=kind, created=created, session=session, fields=fields, sections=sections)


def next_session_number(scan: JournalScan) -> int:
    """One more than any session number seen, in readable files or in ones that failed to parse."""
    numbers = {e.session for e in scan.entries if e.session is not None} | scan.unreadable_sessions
    return max(numbers, default=0) + 1


@dataclass
class _Start:
    """How a flow begins: its answers so far and what happened to any earlier draft."""

    state: InterviewState
    draft: dict[str, Any] | None = None
    resumed: bool = False
    draft_set_aside: Path | None = None
    draft_left: Path | None = None


def _start(
    journal: Journal, flow: str, prompt_set: PromptSet, asker: Asker | None, options: FlowOptions
) -> _Start:
    """Scripted answers, or a resumed draft, or a fresh start; never throws a draft away."""
    draft_path = journal.draft_path(flow)
    if options.answers is not None:
        state = scripted_state(prompt_set, options.answers, options.answers_source)
        return _Start(state, draft_left=draft_path if draft_path.exists() else None)
    draft = journal.load_draft(flow)
    if draft is None:
        return _Start(InterviewState())
    resume = options.resume
    if resume is None:
        if asker is None:  # --no-input: leave the draft for the next interactive run
            return _Start(InterviewState(), draft_left=draft_path)
        started = str(draft.get("started", "earlier"))[:16].replace("T", " ")
        resume = asker.confirm(
            f"You have unfinished answers from {started}. Pick up where you left off?", default=True
        )
    if resume:
        return _Start(InterviewState.from_draft(draft, prompt_set), draft=draft, resumed=True)
    return _Start(InterviewState(), draft_set_aside=journal.set_draft_aside(flow))


def _finish(
    journal: Journal,
    flow: str,
    start: _Start,
    entry: Entry,
    path: Path,
    prompt_set: PromptSet,
    scan: JournalScan,
) -> FlowResult:
    if start.draft_left is None:  # the draft was this flow's own: its entry is now safe
        journal.discard_draft(flow)
    return FlowResult(
        entry=entry,
        path=path,
        prompt_set=prompt_set,
        resumed=start.resumed,
        draft_set_aside=start.draft_set_aside,
        draft_left=start.draft_left,
        problems=scan.problems,
    )


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
            raise Interrupted(
                f"Stopped. Your answers so far are kept; run `kjournal {flow}` to pick up where "
                "you left off."
            ) from None
        raise Interrupted("Stopped. Nothing was written.") from None


def intend(
    journal: Journal, prompt_set: PromptSet, asker: Asker | None, options: FlowOptions
) -> FlowResult:
    """Set an intention: creates the next session and its intention entry."""
    start = _start(journal, "intend", prompt_set, asker, options)
    header = {
        "flow": "intend",
        "started": (start.draft or {}).get("started") or now_local().isoformat(),
    }
    state = _interview(journal, "intend", prompt_set, start.state, asker, header)
    with journal.lock():  # numbering and saving together, so two intends never share a number
        scan = journal.scan()
        session = next_session_number(scan)
        entry = build_entry("intention", prompt_set, state, options.now or now_local(), session)
        path = journal.save_entry(entry)
    return _finish(journal, "intend", start, entry, path, prompt_set, scan)


def pending_session(scan: JournalScan) -> int | None:
    """The latest session that has an intention but no integration yet."""
    integrated = {e.session for e in scan.entries if e.kind == "integration"}
    waiting = [
        e.session for e in scan.entries if e.kind == "intention" and e.session not in integrated
    ]
    return max(waiting, default=None)  # type: ignore[type-var]


def intention_text(scan: JournalScan, session: int) -> str:
    """The person's own intention for a session, as plain text to show before reflecting."""
    intentions = [e for e in scan.entries if e.kind == "intention" and e.session == session]
    parts = [
        f"{s.heading}\n  {s.text.replace(chr(10), chr(10) + '  ')}"
        for e in intentions
        for s in e.sections
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


def integrate(
    journal: Journal, prompt_set: PromptSet, asker: Asker | None, options: FlowOptions
) -> FlowResult:
    """Reflect after a session: an integration entry linked to that session's intention."""
    start = _start(journal, "integrate", prompt_set, asker, options)
    scan = journal.scan()
    draft_session = (start.draft or {}).get("session")
    if isinstance(draft_session, int) and options.session in (None, draft_session):
        session = draft_session
    else:
        session = choose_session(scan, asker, options)
    header = {
        "flow": "integrate",
        "started": (start.draft or {}).get("started") or now_local().isoformat(),
        "session": session,
    }
    contexts = {"intention": intention_text(scan, session)}
    state = _interview(journal, "integrate", prompt_set, start.state, asker, header, contexts)
    entry = build_entry("integration", prompt_set, state, options.now or now_local(), session)
    with journal.lock():
        path = journal.save_entry(entry)
    return _finish(journal, "integrate", start, entry, path, prompt_set, scan)
