"""Rich renderables and plain-text formats for what the core returns; no I/O of their own.

Every view reads at any width from 40 to 200 columns: tables are laid out when printed, for the
width there is, and take the first layout whose figures all fit whole (the full table, then one
with fewer columns, then one block per row); prose wraps at word boundaries."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.cells import cell_len
from rich.console import (
    Console,
    ConsoleOptions,
    Group,
    JustifyMethod,
    RenderableType,
    RenderResult,
)
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from kjournal.journal.entry import Entry
from kjournal.questions.catalogue import scale_label, session_scales
from kjournal.questions.scales import Scale, ScaleResult
from kjournal.render.plain import RECENT_MOODS, number_text, printable, scores_text, sparkline
from kjournal.reports.trends import (
    MAX_GAP_DAYS,
    ScaleRow,
    SessionRow,
    Summary,
    WeekRow,
    mood_change_text,
    moods_before_text,
    relief_median_text,
    relief_rule,
)
from kjournal.safety import CrisisResources

# Layout at any width

_UNBOUNDED = 10_000  # measure a table as if the screen had no edge
_MIN_SPARK = 12  # fewer values than this beside a label: the sparkline gets a line of its own
_INDENT = 2  # a block's facts sit under its heading


@dataclass(frozen=True)
class _Column:
    header: str
    cell: Callable[[Any], str | Text]
    justify: JustifyMethod = "left"
    words: bool = False  # a column of words may wrap at word boundaries; figures never wrap


class _Fitted:
    """A renderable laid out when it is printed, for the width it is given there."""

    def __init__(self, layout: Callable[[Console, ConsoleOptions], RenderableType]) -> None:
        self._layout = layout

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._layout(console, options)


def _grid(title: str, columns: Sequence[_Column], rows: Sequence[Any]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for column in columns:
        table.add_column(column.header, justify=column.justify, no_wrap=not column.words)
    for row in rows:
        table.add_row(*(column.cell(row) for column in columns))
    return table


def _fitting_table(
    console: Console,
    options: ConsoleOptions,
    title: str,
    rows: Sequence[Any],
    layouts: Sequence[Sequence[_Column]],
    wrapped: Sequence[Sequence[_Column]] = (),
) -> tuple[Sequence[_Column], Table] | None:
    """The first of `layouts` whose every cell fits whole at this width, else the first of
    `wrapped` that fits with its column of words wrapped at word boundaries, else None. Rich's
    own fitting would cut figures and words to `…`: a layout is used only where it need not.

    A layout has at most one column of words: Rich narrows only that one, by just what is too
    wide, so every word of it stays whole when its longest word fits."""
    wide = options.update_width(_UNBOUNDED)

    def natural(columns: Sequence[_Column]) -> tuple[int, Table]:
        table = _grid(title, columns, rows)
        return Measurement.get(console, wide, table).maximum, table

    for columns in layouts:
        width, table = natural(columns)
        if width <= options.max_width:
            return columns, table
    for columns in wrapped:
        width, table = natural(columns)
        for column in columns:
            if column.words:
                cells = [Text(column.header), *(column.cell(row) for row in rows)]
                measured = [Measurement.get(console, wide, cell) for cell in cells]
                width -= max(m.maximum for m in measured) - max(m.minimum for m in measured)
        if width <= options.max_width:
            return columns, table
    return None


def _pack(facts: Iterable[str], width: int, separator: str = " · ") -> list[str]:
    """Facts side by side while they fit, a new line where the next would not: a fact is
    never split across lines (one longer than the width is left to wrap at its words)."""
    lines: list[str] = []
    for fact in facts:
        if lines and cell_len(lines[-1]) + cell_len(separator + fact) <= width:
            lines[-1] += separator + fact
        else:
            lines.append(fact)
    return lines


def _block(heading: str, facts: Sequence[str], width: int) -> list[RenderableType]:
    """One row of a table as a block for a narrow screen: a bold heading, its facts under it."""
    lines: list[RenderableType] = [Text(heading, style="bold")]
    for line in _pack(facts, width - _INDENT):
        lines.append(Padding(Text(line), (0, 0, 0, _INDENT), expand=False))
    return lines


def _blocks(title: str, blocks: Iterable[tuple[str, Sequence[str]]], width: int) -> Group:
    parts: list[RenderableType] = [Text(title, style="table.title")]
    for heading, facts in blocks:
        parts += _block(heading, facts, width)
    return Group(*parts)


def _footnote(text: str) -> Text:
    return Text(text, style="table.caption")


def _spark_count(width: int, total: int, label: Callable[[int], str], tail: str = "") -> int:
    """How many of the latest values fit beside `label(n)` (which names what n of them are)."""
    shown = total
    for _ in range(4):  # the label's length can change with the count it names
        room = width - cell_len(label(shown)) - cell_len(tail)
        if shown <= room:
            return shown
        shown = max(room, 1)
    return shown


def _spark_fact(
    width: int, values: Sequence[float | None], label: Callable[[int], str], high: float
) -> str:
    """A labelled sparkline of the latest values that fit in `width`, on one line."""
    shown = _spark_count(width, len(values), label)
    return label(shown) + sparkline(values[len(values) - shown :], 0, high)


def _spark_line(
    width: int,
    values: Sequence[float | None],
    label: Callable[[int], str],
    tail: str = "",
) -> Text:
    """A labelled 0-10 sparkline of the latest values that fit: beside its label when enough
    fit there, else on the line under it, so that nothing (its last value least) wraps."""
    shown = _spark_count(width, len(values), label, tail)
    if shown < min(len(values), _MIN_SPARK):
        shown = max(min(len(values), width - cell_len(tail)), 1)
        text = Text(label(shown).rstrip() + "\n")
    else:
        text = Text(label(shown))
    text.append(sparkline(values[len(values) - shown :]), style="cyan")
    text.append(tail)
    return text


# Trends: sessions


def _arrow(before: float | None, after: float | None) -> str:
    if before is None and after is None:
        return "–"
    return f"{number_text(before)} → {number_text(after)}"


def _score_column(label: str, name: str) -> _Column:
    return _Column(label, lambda r: number_text(r.scales_before.get(name)), "right")


def _session_columns() -> tuple[_Column, ...]:
    """One column per questionnaire the catalogue shows with sessions (PHQ-9, GAD-7)."""
    return (
        _Column("#", lambda r: str(r.session), "right"),
        _Column("Date", lambda r: r.date.isoformat()),
        _Column("Route", lambda r: Text(printable(r.route or "–")), words=True),
        _Column("Mood", lambda r: _arrow(r.mood_before, r.mood_after), "center"),
        _Column("Change", lambda r: number_text(r.mood_change, signed=True), "right"),
        _Column("Anxiety", lambda r: _arrow(r.anxiety_before, r.anxiety_after), "center"),
        *(_score_column(scale.label, scale.id) for scale in session_scales()),
        _Column("Relief", lambda r: r.relief.label(), "right"),
    )


def _session_block(row: SessionRow) -> tuple[str, list[str]]:
    heading = f"Session {row.session} · {row.date.isoformat()}"
    if row.route:
        heading += f" · {printable(row.route)}"
    mood = f"mood {_arrow(row.mood_before, row.mood_after)}"
    if row.mood_change is not None:
        mood += f" ({number_text(row.mood_change, signed=True)})"
    facts = [mood, f"anxiety {_arrow(row.anxiety_before, row.anxiety_after)}"]
    scores = [
        f"{scale.label} {score}"
        for scale in session_scales()
        if (score := row.scales_before.get(scale.id)) is not None
    ]
    if scores:
        facts.append(", ".join(scores))
    if row.relief.low is not None:
        facts.append(f"relief {row.relief.label()}")
    return heading, facts


def session_table(rows: Sequence[SessionRow], max_gap_days: int = MAX_GAP_DAYS) -> RenderableType:
    """Sessions as a table; without the change column (the mood arrow shows it) where that is
    what fits; one block per session on a narrow screen."""

    def layout(console: Console, options: ConsoleOptions) -> RenderableType:
        columns = _session_columns()
        reduced = [c for c in columns if c.header != "Change"]
        layouts = (columns, reduced)
        fitting = _fitting_table(console, options, "Sessions", rows, layouts, layouts)
        if fitting is not None:
            return fitting[1]
        return _blocks("Sessions", map(_session_block, rows), options.max_width)

    labels = ", ".join(scale.label for scale in session_scales())
    scores = f"{labels}: latest score in the 7 days before. " if labels else ""
    note = (
        f"Mood, anxiety: your 0-10 ratings before → after the session. {scores}"
        f"{relief_rule(max_gap_days)}"
    )
    return Group(_Fitted(layout), _footnote(note))


def _sessions_line(summary: Summary) -> str:
    if summary.since is None:
        return f"Sessions so far: {summary.sessions}"
    numbers = f" ({summary.numbers})" if summary.numbers else ""
    return f"Sessions from {summary.since.isoformat()} on: {summary.sessions}{numbers}"


def session_summary(summary: Summary, moods: Sequence[int]) -> RenderableType:
    """The period's sessions in figures, each saying what it rests on, and the latest moods
    as a sparkline that fits the width (its last value never wraps)."""
    lines = Text("\n")
    lines.append(_sessions_line(summary) + "\n")
    lines.append(mood_change_text(summary) + "\n")
    lines.append(moods_before_text(summary))
    if relief := relief_median_text(summary):
        lines.append("\n" + relief)
    if not moods:
        return Group(lines, Text())
    recent = moods[-RECENT_MOODS:]
    since = f" from {summary.since.isoformat()}" if summary.since is not None else ""

    def label(shown: int) -> str:
        what = "Mood over time" if shown == len(moods) else f"Your last {shown} moods"
        return f"{what}{since} (0-10): "

    tail = f"  latest {moods[-1]}"
    spark = _Fitted(lambda _, options: _spark_line(options.max_width, recent, label, tail))
    return Group(lines, spark, Text())


def more_rows(shown: int, total: int, what: str) -> Text:
    return Text(
        f"The latest {shown} of {total} {what}; --all shows every one, --format csv exports them.",
        style="dim",
    )


# Trends: questionnaires

_SHORT_BAND = 12  # band labels longer than this get a short form in tables
_BRACKETS = re.compile(r"\s*\([^)]*\)")


def short_bands(labels: Sequence[str]) -> dict[str, str]:
    """A short form of each of one scale's band labels, for a table cell, made from the labels
    alone (a clinic's own scale gets them too): brackets dropped, the words that every label
    ends with dropped ('below / at or above' the usual screening threshold), and in a label
    still long, every long word but the last cut to three letters ('mod. severe'). A label whose
    short form would not stay distinct is kept as it is."""
    bare = [_BRACKETS.sub("", label).split() or label.split() for label in labels]
    common = 0
    if len(bare) > 1:
        shortest = min(map(len, bare))
        while common < shortest - 1 and len({tuple(words[-common - 1 :]) for words in bare}) == 1:
            common += 1
    shorts = []
    for words in bare:
        words = words[: len(words) - common]
        short = " ".join(words)
        if len(short) > _SHORT_BAND:
            short = " ".join([f"{w[:3]}." if len(w) > 5 else w for w in words[:-1]] + words[-1:])
        shorts.append(short)
    return {
        label: short if shorts.count(short) == 1 else label
        for label, short in zip(labels, shorts, strict=True)
    }


def _band_shorts(scale: Scale) -> dict[str, str]:
    return short_bands([band.label for band in scale.bands])


def _meaningful(row: ScaleRow) -> str:
    if row.meaningful is None:
        return "–"
    return ("yes, better" if row.better else "yes, worse") if row.meaningful else "no"


def _band_cell(row: ScaleRow, scale: Scale) -> str:
    band = _band_shorts(scale).get(row.latest_band, row.latest_band)
    if row.remission:
        band += "; remission"
    elif row.response:
        band += "; response"
    return band


def _scored(score: int, day: date) -> str:
    return f"{score} ({day.day} {day:%b})"


def _scale_columns(scales: dict[str, Scale], trend: bool) -> list[_Column]:
    columns = [
        _Column("Scale", lambda r: r.name),
        _Column("First", lambda r: _scored(r.baseline, r.baseline_date), "right"),
        _Column("Latest", lambda r: _scored(r.latest, r.latest_date), "right"),
        _Column("Change", lambda r: r.change_label(), "right"),
        _Column("Meaningful", _meaningful),
        _Column("Band", lambda r: Text(_band_cell(r, scales[r.scale])), words=True),
    ]
    if trend:
        columns.append(
            _Column("Trend", lambda r: sparkline(r.history, 0, scales[r.scale].max_score))
        )
    return columns


def _scale_trends(rows: Sequence[ScaleRow], scales: dict[str, Scale], width: int) -> Text:
    """Each questionnaire's scores as a sparkline on its own range, the latest that fit."""
    lead = "Trend: "
    facts = []
    for row in rows:
        name = row.name

        def label(shown: int, name: str = name, scores: int = len(row.history)) -> str:
            return f"{name} " if shown == scores else f"{name}, latest {shown}: "

        high = scales[row.scale].max_score
        facts.append(_spark_fact(width - len(lead), row.history, label, high))
    lines = _pack(facts, width - len(lead))
    return Text("\n".join([lead + lines[0], *(" " * len(lead) + line for line in lines[1:])]))


def _scale_block(row: ScaleRow, scale: Scale, width: int) -> tuple[str, list[str]]:
    facts = [
        f"first {_scored(row.baseline, row.baseline_date)}",
        f"latest {_scored(row.latest, row.latest_date)}",
        f"band: {_band_cell(row, scale)}",
        f"change {row.change_label()}",
    ]
    if row.meaningful is not None:
        facts.append(f"meaningful: {_meaningful(row)}")

    def label(shown: int) -> str:
        return "trend " if shown == len(row.history) else f"latest {shown}: "

    facts.append(_spark_fact(width - _INDENT, row.history, label, scale.max_score))
    return row.name, facts


def _scales_note(rows: Sequence[ScaleRow], scales: dict[str, Scale], since: date | None) -> str:
    period = f" from {since.isoformat()} on" if since else ""
    thresholds = ", ".join(
        f"{scales[r.scale].name} {scales[r.scale].meaningful_change}" for r in rows
    )
    note = [
        f"First, latest: your first and latest score{period}; change: latest minus first; "
        "band: of the latest score.",
        f"Meaningful change: {thresholds} points.",
    ]
    for row in rows:
        scale = scales[row.scale]
        if scale.response_drop_percent is not None:
            note.append(
                f"{scale.name} response: {scale.response_drop_percent}% or more below the first."
            )
        if scale.remission_below is not None:
            note.append(
                f"{scale.name} remission: latest below {scale.remission_below}, from a first "
                f"of {scale.remission_below} or more."
            )
    for row in rows:
        short = _band_shorts(scales[row.scale]).get(row.latest_band, row.latest_band)
        if short != row.latest_band:
            note.append(f'{row.name} "{short}": {row.latest_band}.')
    note.append("Bands are information to talk over with your clinician, not a diagnosis.")
    return " ".join(note)


def scales_table(
    rows: Sequence[ScaleRow], scales: dict[str, Scale], since: date | None = None
) -> RenderableType:
    """First against latest score per questionnaire, bands in a short form (in full in the
    footnote); the trends under the table where they do not fit in it; one block per
    questionnaire on a narrow screen."""

    def layout(console: Console, options: ConsoleOptions) -> RenderableType:
        width = options.max_width
        full, reduced = _scale_columns(scales, trend=True), _scale_columns(scales, trend=False)
        # Where the trends do not fit in the table, they go under it, fitted to the width.
        fitting = _fitting_table(
            console, options, "Questionnaires", rows, (full, reduced), (reduced,)
        )
        if fitting is not None:
            columns, table = fitting
            return table if columns is full else Group(table, _scale_trends(rows, scales, width))
        blocks = (_scale_block(row, scales[row.scale], width) for row in rows)
        return _blocks("Questionnaires", blocks, width)

    return Group(_Fitted(layout), _footnote(_scales_note(rows, scales, since)))


# Trends: weeks


def _average(value: float | None, count: int) -> str:
    return "–" if value is None else f"{number_text(value)} ({count})"


_WEEK_COLUMNS = (
    _Column("Week", lambda r: r.week),
    _Column("From", lambda r: f"{r.starts:%d %b}"),
    _Column("Mood", lambda r: _average(r.mood, r.mood_ratings), "right"),
    _Column("Anxiety", lambda r: _average(r.anxiety, r.anxiety_ratings), "right"),
    _Column("Entries", lambda r: str(r.entries), "right"),
)


def _week_facts(row: WeekRow) -> list[str]:
    entries = "1 entry" if row.entries == 1 else f"{row.entries} entries"
    facts = [
        f"{row.week} ({row.starts.day} {row.starts:%b})",
        f"mood {_average(row.mood, row.mood_ratings)}",
        f"anxiety {_average(row.anxiety, row.anxiety_ratings)}",
        entries,
    ]
    return facts


def weeks_table(rows: Sequence[WeekRow], since: date | None = None) -> RenderableType:
    """Average mood and anxiety per week; without the first day's column where that is what
    fits (the ISO week names it); a line or two per week on a narrow screen."""
    note = (
        "Mood, anxiety: the average of every 0-10 rating that week (before and after sessions, "
        "check-ins), how many in brackets."
    )
    if since is not None:
        note += f" The first week counts from {since.isoformat()}."

    def layout(console: Console, options: ConsoleOptions) -> RenderableType:
        reduced = [c for c in _WEEK_COLUMNS if c.header != "From"]
        fitting = _fitting_table(console, options, "Weeks", rows, (_WEEK_COLUMNS, reduced))
        if fitting is not None:
            return fitting[1]
        lines: list[RenderableType] = [Text("Weeks", style="table.title")]
        for row in rows:
            facts = _pack(_week_facts(row), options.max_width - _INDENT)
            lines.append(Text(facts[0]))
            lines += [Padding(Text(line), (0, 0, 0, _INDENT), expand=False) for line in facts[1:]]
        return Group(*lines)

    def weekly_mood(_: Console, options: ConsoleOptions) -> RenderableType:
        def label(shown: int) -> str:
            what = "Weekly mood" if shown == len(rows) else f"Weekly mood, last {shown} weeks"
            return f"{what} (0-10): "

        line = _spark_line(options.max_width, [r.mood for r in rows], label)
        blank_note = "(a blank is a week without entries)"
        last = line.plain.rsplit("\n", 1)[-1]
        line.append("  " if cell_len(last) + 2 + len(blank_note) <= options.max_width else "\n")
        line.append(blank_note, style="dim")
        return line

    return Group(_Fitted(layout), _footnote(note), Text(), _Fitted(weekly_mood))


RATINGS_NOTE = (
    "Mood and anxiety are your own 0-10 ratings, not a clinical measure. "
    "Worth bringing to your care team if something stands out."
)


def notes_view(notes: Sequence[str]) -> RenderableType:
    return Text("\n".join(notes), style="yellow")


def crisis_panel(
    resources: CrisisResources, not_monitored: str, *, has_safety_plan: bool = False
) -> RenderableType:
    """Crisis lines, calm and plain, never blocking. Each line is a row of its own so that a
    wrapped line stays indented under its bullet."""
    from rich.panel import Panel

    from kjournal.safety import REACHING_OUT, SAFETY_PLAN_POINTER

    lines = Table.grid(padding=(0, 1))
    lines.add_column(no_wrap=True)
    lines.add_column()
    for line in resources.lines:
        lines.add_row("•", Text(printable(line)))
    parts: list[RenderableType] = [Text(REACHING_OUT), Text(), lines, Text()]
    if has_safety_plan:
        parts += [Text(SAFETY_PLAN_POINTER, style="bold"), Text()]
    parts += [
        Text(not_monitored),
        Text(f"({printable(resources.region)} lines, reviewed {resources.reviewed}.)", style="dim"),
    ]
    return Panel(
        Group(*parts), title="Support is available", title_align="left", border_style="magenta"
    )


def scale_result_text(scale: Scale, result: ScaleResult) -> RenderableType:
    """A score with its band as information, never as a diagnosis. The licence notice is not
    here: a screen with several results shows each notice once (licence_notices)."""
    text = Text()
    if result.score is None:
        skipped = sum(v is None for v in result.items)
        text.append(
            f"{scale.name}: not scored, {skipped} question(s) skipped. Your answers are kept."
        )
    else:
        text.append(f"{scale.name}: {result.score} of {scale.max_score}", style="bold")
        text.append(f" ({result.band}).\n")
        text.append(
            "This band is information to talk over with your clinician, not a diagnosis.",
            style="dim",
        )
    return text


def typed_text(text: str, *, headings: bool = False) -> Text:
    """Text as the person typed it, never read as markup: no links made live (a Markdown link
    would become an OSC 8 hyperlink), no Rich tags, every line break kept. With `headings`, a
    line starting with '#' is shown bold, as the writer meant it (the plan template has them)."""
    shown = Text()
    for number, line in enumerate(printable(text).split("\n")):
        if number:
            shown.append("\n")
        heading = headings and line.startswith("#")
        shown.append(line, style="bold" if heading else "")
    return shown


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def licence_notices(scales: Iterable[Scale]) -> RenderableType:
    """Each questionnaire's licence notice once, for the end of a screen: scales that share a
    notice (PHQ-9 and GAD-7) share one paragraph, named unless the notice names them."""
    named: dict[str, list[str]] = {}
    for scale in scales:
        if scale.notice.strip():
            names = named.setdefault(" ".join(scale.notice.split()), [])
            if scale.name not in names:
                names.append(scale.name)
    paragraphs = [
        notice if all(name in notice for name in names) else f"{_and(names)}: {notice}"
        for notice, names in named.items()
    ]
    return Text("\n".join(paragraphs), style="dim")


def safety_plan_view(plan: str) -> RenderableType:
    from rich.panel import Panel

    return Panel(
        typed_text(plan, headings=True),
        title="Your safety plan",
        title_align="left",
        border_style="dim",
    )


# Entries: listings, one entry, search results


def _facts(entry: Entry) -> str:
    parts = [f"{entry.created:%Y-%m-%d %H:%M}"]
    if entry.route:
        parts.append(entry.route)
    ratings = ", ".join(f"{k} {v}" for k, v in entry.ratings.items())
    if ratings:
        parts.append(ratings)
    for key, value in entry.fields.items():
        if key in ("ratings", "route", "scales", "risk", "carried", "carried_from"):
            continue  # carried: shown as its own lines, see _carried_lines
        if isinstance(value, list):
            shown = ", ".join(map(str, value))
        elif isinstance(value, dict):  # a hand-written mapping: its keys and values, not a repr
            shown = "; ".join(f"{k} {v}" for k, v in value.items())
        else:
            shown = str(value)
        parts.append(f"{str(key).replace('_', ' ')}: {shown}")
    if scores := scores_text(entry):
        parts.append(scores)
    return " · ".join(parts)


def _carried_lines(entry: Entry) -> list[RenderableType]:
    """The earlier words an intention answers about (intend's `carried`), quoted."""
    carried = entry.fields.get("carried")
    if not isinstance(carried, dict) or not carried:
        return []
    session = entry.fields.get("carried_from")
    after = f" after session {session}" if isinstance(session, int) else ""
    lines: list[RenderableType] = [Text(f"Carried forward from your reflection{after}:", "dim")]
    for key, words in carried.items():
        lines.append(Text(printable(f"  {key}: {words}"), style="dim"))
    return lines


def entry_view(entry: Entry, risk_answers: Sequence[str] = ()) -> RenderableType:
    """An entry as a person reads it: title, facts line, which answers signalled risk (from
    safety.risk_answers), then each answer under its heading, as typed."""
    from kjournal.journal.entry import short_id

    title = Text(printable(entry.title or entry.default_title()), style="bold")
    title.append(f"  {short_id(entry)}", style="dim")
    parts: list[RenderableType] = [title, Text(printable(_facts(entry)), style="dim")]
    if risk_answers:
        parts.append(
            Text(printable(f"Risk answer: {'; '.join(risk_answers)} (kjournal support)"), "magenta")
        )
    parts += _carried_lines(entry)
    parts.append(Text())
    if entry.preamble:
        parts += [typed_text(entry.preamble), Text()]
    for section in entry.sections:
        parts.append(Text(printable(section.heading), style="bold cyan"))
        parts.append(typed_text(section.text))
        parts.append(Text())
    stored = entry.fields.get("scales")
    stored = stored if isinstance(stored, dict) else {}  # scale_ids is empty then
    for name in entry.scale_ids:  # a questionnaire's answers are its items, as given
        items = stored[name].get("items") if isinstance(stored[name], dict) else None
        if isinstance(items, list):
            given = " · ".join("–" if v is None else str(v) for v in items)
            parts.append(Text(printable(f"{scale_label(name)} answers: {given}")))
    if not entry.sections and not entry.preamble and not entry.scale_ids:
        parts.append(Text("(no written answers)", style="dim"))
    return Group(*parts)
