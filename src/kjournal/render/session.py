"""One session on one screen (`kjournal session N`): a calm Rich view that reads at 40 columns
and up, the same as Markdown, and its data as JSON. Every text a person wrote goes through
`printable` (terminal) or the report's Markdown escaping; risk answers are worded as the report
words them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from kjournal.journal.entry import Entry, short_id
from kjournal.questions.scales import Scale
from kjournal.render import export
from kjournal.render.plain import number_text, printable, sparkline, to_json
from kjournal.render.views import (
    RATINGS_NOTE,
    _Fitted,
    _meaningful,
    _pack,
    licence_notices,
    typed_text,
)
from kjournal.reports.session_view import SessionSummary
from kjournal.reports.trends import (
    RELIEF_FELL_BACK,
    RELIEF_HELD,
    RELIEF_NO_MOOD_BEFORE,
    Relief,
    ScaleRow,
    relief_rule,
)

_INDENT = 2

# Words shared by the three forms, so that they say the same thing


def _days(number: int) -> str:
    return "1 day" if number == 1 else f"{number} days"


def _arrow(before: float | None, after: float | None) -> str:
    return f"{number_text(before)} → {number_text(after)}"


def _short_day(day: date) -> str:
    return f"{day.day} {day:%b}"


def title(view: SessionSummary) -> str:
    return f"Session {view.session} · {view.day.day} {view.day:%B %Y}"


def rating_facts(view: SessionSummary) -> list[str]:
    """Route and the 0-10 self-ratings before → after, each a short fact."""
    row = view.row
    facts = []
    if row.route:
        facts.append(f"route {printable(row.route)}")
    mood = f"mood {_arrow(row.mood_before, row.mood_after)}"
    if row.mood_change is not None:
        mood += f" ({number_text(row.mood_change, signed=True)})"
    anxiety = f"anxiety {_arrow(row.anxiety_before, row.anxiety_after)}"
    if row.anxiety_change is not None:
        anxiety += f" ({number_text(row.anxiety_change, signed=True)})"
    return [*facts, mood, anxiety]


def noted_facts(entry: Entry | None) -> list[str]:
    """Short answers the person kept with the intention (dose as the clinic gave it, setting),
    shown as they wrote them; kjournal never works with them."""
    if entry is None:
        return []
    facts = []
    for key, value in entry.fields.items():
        skipped = ("ratings", "route", "scales", "risk", "tags", "side_effects", "intention")
        if key in skipped or key in ("carried", "carried_from"):
            continue
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            facts.append(printable(f"{str(key).replace('_', ' ')}: {value}"))
    carried, source = entry.fields.get("carried"), entry.fields.get("carried_from")
    if isinstance(carried, dict):  # what intend asked about, from the reflection before
        after = f" (session {source})" if isinstance(source, int) else ""
        facts += [printable(f"{key} carried{after}: {words}") for key, words in carried.items()]
    return facts


def relief_text(relief: Relief, mood_before: int | None) -> str:
    """What the relief value says, in a sentence."""
    before = f" ({mood_before})" if mood_before is not None else ""
    if relief.status == RELIEF_FELL_BACK:
        if relief.is_range:
            return (
                f"Relief lasted {relief.low}–{relief.high} days: the check-in mood stayed above "
                f"the mood before the session{before}, and a gap in check-ins hides the day it "
                "fell back."
            )
        return (
            f"Relief lasted {_days(relief.low or 0)}: the check-in mood stayed above the mood "
            f"before the session{before}, then fell back to it or below."
        )
    if relief.status == RELIEF_HELD:
        gap = " (counted to the check-in before a gap)" if relief.gap else ""
        return (
            f"Relief held at least {_days(relief.low or 0)}: the check-in mood was still above "
            f"the mood before the session{before} at the last check-in{gap}."
        )
    if relief.status == RELIEF_NO_MOOD_BEFORE:
        return "Relief: no mood was rated before the session, so there is nothing to compare with."
    return "Relief: not enough check-ins after the session to tell."


def window_heading(view: SessionSummary) -> str:
    if view.until is None:
        return "Check-ins since the session"
    return f"Check-ins until session {view.next_session} ({_short_day(view.until)})"


def checkins_text(view: SessionSummary) -> str:
    if not view.checkins:
        if view.until is None:
            return "No check-ins since this session yet"
        return "No check-ins between this session and the next"
    rated = sum(d.mood is not None for d in view.checkins)
    count = "1 check-in" if view.checkin_count == 1 else f"{view.checkin_count} check-ins"
    return f"{count}, a mood on {rated} of {_days(len(view.checkins))} after the session"


def scale_facts(row: ScaleRow, scale: Scale) -> tuple[str, list[str]]:
    """A questionnaire of the week before: its score and band, then how it compares with the
    first score in the journal."""
    heading = f"{row.name} {row.latest} of {scale.max_score} ({_short_day(row.latest_date)})"
    facts = [f"band: {row.latest_band}"]
    if row.change is None:
        facts.append("the first score in the journal")
    else:
        facts.append(f"first {row.baseline} ({_short_day(row.baseline_date)})")
        facts.append(f"change {row.change_label()}")
        facts.append(f"meaningful: {_meaningful(row)}")
        if row.remission:
            facts.append("remission")
        elif row.response:
            facts.append("response")
    return heading, facts


def side_effects_text(view: SessionSummary) -> str:
    if not view.side_effects:
        return "None recorded from the session to the next."
    # As recorded, so a hand-edited name is the person's text: never raw to a terminal.
    return ", ".join(
        printable(f"{name.replace('_', ' ')} ({count})") for name, count in view.side_effects
    )


def risk_span(view: SessionSummary) -> str:
    end = f"session {view.next_session}" if view.next_session else "now"
    start = "the week before the session" if view.has_intention else "the reflection"
    return f"from {start} to {end}"


def risk_heading(view: SessionSummary) -> str:
    return f"Answers that signalled risk, {risk_span(view)}"


def risk_lines(view: SessionSummary, scales: Mapping[str, Scale]) -> list[str]:
    return export.risk_lines(view.risk_entries, scales)


def _shown_scales(view: SessionSummary, scales: Mapping[str, Scale]) -> list[Scale]:
    return [scales[row.scale] for row in view.scales_before if row.scale in scales]


def footnote(view: SessionSummary) -> str:
    return (
        f"{RATINGS_NOTE} Questionnaires: the latest score of each in the 7 days before the "
        "session; bands are information to talk over with your clinician, not a diagnosis. "
        f"{relief_rule(view.max_gap_days)}"
    )


# The terminal view


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def _indented(renderable: RenderableType) -> Padding:
    return Padding(renderable, (0, 0, 0, _INDENT), expand=False)


def _facts(facts: Sequence[str]) -> _Fitted:
    """Facts side by side while they fit the width, a fact never split across lines."""
    return _Fitted(
        lambda _, options: _indented(Text("\n".join(_pack(facts, options.max_width - _INDENT))))
    )


def _answers(entry: Entry) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if entry.preamble:
        parts.append(_indented(typed_text(entry.preamble)))
    for section in entry.sections:
        if section.text.strip():
            parts.append(_indented(Text(printable(section.heading), style="cyan")))
            parts.append(_indented(typed_text(section.text)))
    if not parts:
        parts.append(_indented(Text("(no written answers)", style="dim")))
    return parts


def _written(label: str, entry: Entry | None, missing: str) -> list[RenderableType]:
    if entry is None:
        return [_heading(label), _indented(Text(missing, style="dim")), Text()]
    heading = _heading(label)
    heading.append(f"  {short_id(entry)}", style="dim")
    return [heading, *_answers(entry), Text()]


def _mood_days(view: SessionSummary) -> RenderableType:
    """Each day's check-in mood from the day after the session, as a 0-10 sparkline that fits
    the width (the first days, which relief is about, when not every day fits)."""
    values = [d.mood for d in view.checkins]

    def layout(_: Console, options: ConsoleOptions) -> RenderableType:
        room = options.max_width - _INDENT
        before = view.row.mood_before
        label = "Mood each day after (0-10"
        label += f", before: {number_text(before)}):" if before is not None else "):"
        shown = values[: max(room, 1)]
        line = Text(label + "\n" if cell_len(label) + 1 + len(shown) > room else label + " ")
        line.append(sparkline(shown), style="cyan")
        if len(shown) < len(values):
            line.append(f"\nthe first {len(shown)} of {len(values)} days", style="dim")
        return _indented(line)

    return _Fitted(layout)


def session_view(view: SessionSummary, scales: Mapping[str, Scale]) -> RenderableType:
    """The session at any width from 40 columns: ratings, intention, questionnaires of the week
    before, reflection, check-ins with relief, side effects, risk answers; a footnote."""
    parts: list[RenderableType] = [_heading(title(view))]
    parts += [_facts(rating_facts(view) + noted_facts(view.intention)), Text()]
    parts += _written(
        "Before: your intention",
        view.intention,
        "No intention was written for this session, so nothing counts as before it.",
    )
    if view.has_intention:
        parts.append(_heading("Questionnaires in the 7 days before"))
        if not view.scales_before:
            parts.append(_indented(Text("None taken.", style="dim")))
        for row in view.scales_before:
            heading, facts = scale_facts(row, scales[row.scale])
            parts += [_indented(Text(printable(heading))), _Fitted(_scale_facts(facts))]
        parts.append(Text())
    parts += _written("After: your reflection", view.integration, "No reflection written yet.")
    if others := other_reflections_text(view):
        parts += [_indented(Text(others, style="dim")), Text()]
    parts.append(_heading(window_heading(view)))
    parts.append(_indented(Text(checkins_text(view) + ".")))
    if view.checkins:
        parts.append(_mood_days(view))
    parts.append(_indented(Text(relief_text(view.row.relief, view.row.mood_before))))
    parts += [Text(), _heading("Side effects (entries naming each)")]
    parts += [_indented(Text(side_effects_text(view))), Text()]
    risky = risk_lines(view, scales)
    if risky:
        parts.append(Text(risk_heading(view) + ":", style="magenta"))
        parts += [_indented(Text(printable(line), style="magenta")) for line in risky]
        parts.append(_indented(Text("kjournal support shows crisis lines and your plan.")))
    else:
        parts.append(Text(f"No answer signalled risk, {risk_span(view)}.", style="dim"))
    parts += [Text(), Text(footnote(view), style="dim")]
    notices = _shown_scales(view, scales)
    if notices:
        parts += [Text(), licence_notices(notices)]
    return Group(*parts)


def _scale_facts(facts: Sequence[str]) -> Callable[[Console, ConsoleOptions], RenderableType]:
    def layout(_: Console, options: ConsoleOptions) -> RenderableType:
        lines = _pack(facts, options.max_width - 2 * _INDENT)
        return Padding(Text("\n".join(lines)), (0, 0, 0, 2 * _INDENT), expand=False)

    return layout


# Markdown


def _md_written(label: str, entry: Entry | None, missing: str) -> list[str]:
    if entry is None:
        return [f"## {label}", "", f"_{missing}_", ""]
    out = [f"## {label} ({short_id(entry)})", ""]
    if entry.preamble:
        out += [*export._md_answer(entry.preamble), ""]
    for section in entry.sections:
        if section.text.strip():
            out += [f"**{export._md_line(section.heading)}**", ""]
            out += [*export._md_answer(section.text), ""]
    if len(out) == 2:
        out += ["_No written answers._", ""]
    return out


def to_markdown(view: SessionSummary, scales: Mapping[str, Scale]) -> str:
    """The same session as Markdown; what the person wrote is quoted and escaped as in the
    report, so nothing in it runs or links in a viewer."""
    md = export._md_line
    out = [f"# {title(view)}", ""]
    out += [f"- {md(fact)}" for fact in rating_facts(view) + noted_facts(view.intention)]
    out.append("")
    out += _md_written(
        "Before: your intention",
        view.intention,
        "No intention was written for this session, so nothing counts as before it.",
    )
    if view.has_intention:
        out += ["## Questionnaires in the 7 days before", ""]
        if not view.scales_before:
            out += ["_None taken._", ""]
        else:
            header = ["Scale", "Score", "Band", "First", "Change", "Meaningful"]
            rows = [
                [
                    r.name,
                    f"{r.latest} of {scales[r.scale].max_score} ({r.latest_date})",
                    r.latest_band,
                    f"{r.baseline} ({r.baseline_date})",
                    r.change_label(),
                    _meaningful(r),
                ]
                for r in view.scales_before
            ]
            out += export._md_table(("Questionnaires in the 7 days before", header, rows))[2:]
    out += _md_written("After: your reflection", view.integration, "No reflection written yet.")
    if others := other_reflections_text(view):
        out += [md(others), ""]
    out += [f"## {window_heading(view)}", "", f"- {checkins_text(view)}."]
    if view.checkins:
        days = ", ".join(
            f"{_short_day(d.day)} {number_text(d.mood)}"
            for d in view.checkins
            if d.mood is not None
        )
        out.append(f"- Mood each day after (0-10): `{sparkline([d.mood for d in view.checkins])}`")
        out.append(f"  ({days}; a blank is a day without a check-in).")
    out += [f"- {relief_text(view.row.relief, view.row.mood_before)}", ""]
    out += ["## Side effects (entries naming each)", "", md(side_effects_text(view)), ""]
    risky = risk_lines(view, scales)
    out += [f"## {risk_heading(view)}", ""]
    out += [f"- {md(line)}" for line in risky] if risky else ["None."]  # said, not left out
    out += ["", "---", "", f"_{md(footnote(view))}_", ""]
    notices = sorted({s.notice for s in _shown_scales(view, scales)})
    out += [line for notice in notices for line in (f"_{md(notice)}_", "")]
    return "\n".join(out)


# JSON


def other_reflections_text(view: SessionSummary) -> str:
    """The reflections written again for this session, by id, so none is hidden."""
    if not view.other_reflections:
        return ""
    ids = ", ".join(short_id(e) for e in view.other_reflections)
    what = "reflections" if len(view.other_reflections) > 1 else "a reflection"
    return f"Also written for this session: {what} {ids} (kjournal show ID)."


def _entry_data(entry: Entry | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {
        "id": short_id(entry),
        "file_id": entry.id,
        "created": entry.created.isoformat(),
        "fields": entry.fields,
        "preamble": entry.preamble,
        "sections": [{"heading": s.heading, "text": s.text} for s in entry.sections],
    }


def to_json_text(view: SessionSummary, scales: Mapping[str, Scale]) -> str:
    """Every figure of the view, the two entries in full, and the risk answers; control
    characters escaped, nothing lost (plain.to_json)."""
    data = view.as_record()
    data["intention"] = _entry_data(view.intention)
    data["integration"] = _entry_data(view.integration)
    data["other_reflections"] = [short_id(e) for e in view.other_reflections]
    data["relief_text"] = relief_text(view.row.relief, view.row.mood_before)
    data["risk_answers_from"] = view.risk_from.isoformat()
    data["risk_answers"] = risk_lines(view, scales)
    return to_json({"kjournal_session": 1, **data})


def render(
    output_format: str, view: SessionSummary, scales: Mapping[str, Scale]
) -> RenderableType | str:
    """text: a Rich renderable to print; md and json: text to write as it is."""
    if output_format == "md":
        return to_markdown(view, scales)
    if output_format == "json":
        return to_json_text(view, scales)
    return session_view(view, scales)
