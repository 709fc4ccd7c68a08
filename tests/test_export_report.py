"""The clinician report: one honest chart per questionnaire, a mood line that does not invent data
across gaps, tables that wrap and print, and the same facts in Markdown."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from kjournal.journal.entry import Entry, Section
from kjournal.journal.store import Journal
from kjournal.questions.scales import Scale, parse_scale
from kjournal.render import export
from tests.helpers import TZ, make_entry
from tests.report_demo import demo_entries, save_demo

GENERATED = datetime(2026, 2, 21, 10, 0)
MAXIMA = {"phq9": 27, "gad7": 21, "pcl5": 80, "who5": 100}


def at(day: str, hour: int = 20) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


def checkin(day: str, **fields: Any) -> Entry:
    return Entry(kind="checkin", created=at(day), fields=fields)


class Chart:
    """One inline <svg>: its attributes and the elements inside it, with their text."""

    def __init__(self, attrs: dict[str, str]) -> None:
        self.attrs = attrs
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []

    def all(self, tag: str, cls: str | None = None) -> list[tuple[dict[str, str], str]]:
        return [
            (attrs, "".join(text))
            for name, attrs, text in self.elements
            if name == tag and (cls is None or attrs.get("class") == cls)
        ]

    def texts(self, cls: str) -> list[str]:
        return [text for _, text in self.all("text", cls)]


class Page(HTMLParser):
    """The charts of a report page, read the way a browser would read the markup."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.charts: list[Chart] = []
        self._open: Chart | None = None
        self._in_text = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "svg":
            self._open = Chart(values)
            self.charts.append(self._open)
        elif self._open is not None:
            self._open.elements.append((tag, values, []))
            self._in_text = tag == "text"

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._open = None
        self._in_text = False

    def handle_data(self, data: str) -> None:
        if self._open is not None and self._in_text:
            self._open.elements[-1][2].append(data)

    def scale_charts(self) -> dict[str, Chart]:
        return {c.attrs["data-scale"]: c for c in self.charts if "data-scale" in c.attrs}

    def mood_chart(self) -> Chart:
        (chart,) = [c for c in self.charts if "mood-chart" in c.attrs.get("class", "")]
        return chart


def html_report(entries: list[Entry], scales: dict[str, Scale], **kw: Any) -> str:
    return export.render("html", entries, scales, include_text=True, generated=GENERATED, **kw)


def md_report(entries: list[Entry], scales: dict[str, Scale]) -> str:
    return export.render("md", entries, scales, include_text=False, generated=GENERATED)


@pytest.fixture(scope="module")
def demo_page(scales: dict[str, Scale]) -> str:
    return html_report(demo_entries(), scales)


def test_each_questionnaire_has_its_own_chart_on_its_own_range(demo_page, scales) -> None:
    charts = Page(demo_page).scale_charts()
    assert list(charts) == ["phq9", "gad7", "pcl5", "who5"]  # WHO-5 on its own, not mixed in
    for name, chart in charts.items():
        ticks = [int(t) for t in chart.texts("ytick")]
        assert max(ticks) == MAXIMA[name] == scales[name].max_score
        assert min(ticks) == 0
        bands = chart.all("rect", "band")
        assert [(int(a["data-low"]), int(a["data-high"])) for a, _ in bands] == [
            (b.low, b.high) for b in scales[name].bands
        ]
        assert chart.texts("band-label") == [b.label for b in scales[name].bands]
        assert len(chart.all("circle")) == len(chart.texts("value"))  # every score labelled


def test_the_chart_says_which_direction_is_better(demo_page) -> None:
    charts = Page(demo_page).scale_charts()
    assert charts["who5"].texts("direction") == ["higher is better ↑"]
    for name in ("phq9", "gad7", "pcl5"):
        assert charts[name].texts("direction") == ["lower is better ↓"]
    assert Page(demo_page).mood_chart().texts("direction") == ["higher is better ↑"]


def test_band_shading_is_stronger_towards_the_worse_end(demo_page) -> None:
    charts = Page(demo_page).scale_charts()

    def opacities(name: str) -> list[float]:
        return [float(a["fill-opacity"]) for a, _ in charts[name].all("rect", "band")]

    assert opacities("phq9") == sorted(opacities("phq9"))  # higher PHQ-9 is worse
    assert opacities("who5") == sorted(opacities("who5"), reverse=True)  # lower WHO-5 is worse


def polyline_xs(chart: Chart) -> list[list[float]]:
    return [
        [float(p.split(",")[0]) for p in attrs["points"].split()]
        for attrs, _ in chart.all("polyline")
    ]


def test_the_mood_line_breaks_where_there_are_no_ratings(demo_page) -> None:
    chart = Page(demo_page).mood_chart()
    lines = polyline_xs(chart)
    assert len(lines) == 2  # one gap of five days in the demo journal
    ((gap, _),) = chart.all("rect", "gap")
    left, right = float(gap["x"]), float(gap["x"]) + float(gap["width"])
    assert max(lines[0]) == pytest.approx(left) and min(lines[1]) == pytest.approx(right)
    for xs in lines:  # no segment of either line crosses the shaded gap
        assert not any(a < left + 1 and b > right - 1 for a, b in itertools.pairwise(xs))
    assert "No mood ratings between 2026-01-25 and 2026-01-31 (5 days)." in demo_page


def test_a_rating_on_its_own_between_gaps_is_a_dot_not_a_line() -> None:
    days = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-07", "2026-03-12", "2026-03-13"]
    points = [(at(d), 5.0) for d in days]
    span = (points[0][0] - timedelta(days=1), points[-1][0] + timedelta(days=1))
    chart = Page(export.mood_chart(points, [], span)).mood_chart()
    assert [len(xs) for xs in polyline_xs(chart)] == [3, 2]  # 7 March stands alone
    assert len(chart.all("circle")) == len(points)
    assert len(chart.all("rect", "gap")) == 2
    three_days = [(at("2026-03-01"), 4.0), (at("2026-03-04"), 6.0)]  # exactly MOOD_GAP apart
    chart = Page(export.mood_chart(three_days, [], span)).mood_chart()
    assert len(polyline_xs(chart)) == 1


def test_points_are_dated_with_visible_labels_that_do_not_overlap(demo_page) -> None:
    page = Page(demo_page)
    for chart in [page.mood_chart(), *page.scale_charts().values()]:
        labels = chart.all("text", "date")
        assert len(labels) >= 2
        assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", text) for _, text in labels)
        xs = [float(a["x"]) for a, _ in labels if a["text-anchor"] == "middle"]
        assert all(b - a >= 40 for a, b in itertools.pairwise(xs))
        assert not chart.all("title")  # nothing is left to a hover
    mood_dates = page.mood_chart().texts("date")
    assert mood_dates[0] == "5 Jan" and mood_dates[-1] == "20 Feb"
    assert len(mood_dates) < 20  # 41 days with ratings, thinned to what fits
    assert page.scale_charts()["phq9"].texts("value") == ["19", "15", "12", "14", "10", "8"]
    assert page.mood_chart().texts("session-label") == ["S1", "S2", "S3", "S4", "S5"]


def test_a_long_journal_keeps_its_labels_apart_and_each_value_dated(scales) -> None:
    start = at("2025-11-03")
    entries = [
        Entry(
            kind="checkin",
            created=start + timedelta(days=7 * week),
            fields={"ratings": {"mood": week % 10}, "scales": {"phq9": {"score": week % 28}}},
        )
        for week in range(60)
    ]
    page = Page(html_report(entries, scales))
    for chart in [page.mood_chart(), page.scale_charts()["phq9"]]:
        labels = chart.all("text", "date")
        assert 4 <= len(labels) < 20
        assert labels[0][1] == "3 Nov 2025" and labels[-1][1] == "21 Dec 2026"  # years shown
        extents = []
        for attrs, text in labels:
            x, width = float(attrs["x"]), export._text_width(text)
            shift = {"start": 0, "middle": width / 2, "end": width}[attrs["text-anchor"]]
            extents.append((x - shift, x - shift + width))
        assert all(b[0] - a[1] >= 8 for a, b in itertools.pairwise(extents))
    phq9 = page.scale_charts()["phq9"]
    ticks = {attrs["x1"] for attrs, _ in phq9.all("line", "tick")}
    values = phq9.all("text", "value")
    assert len(values) == len(ticks) < 60  # thinned, and each value shown has its date below
    assert {attrs["x"] for attrs, _ in values} == ticks


def test_the_page_runs_nothing_and_fetches_nothing(demo_page) -> None:
    assert "<script" not in demo_page.lower()
    assert "Content-Security-Policy" in demo_page and "default-src 'none'" in demo_page
    assert not re.search(r"\s(src|href|on\w+)\s*=", demo_page, flags=re.IGNORECASE)
    assert demo_page.count("<svg") == 5  # mood and one per questionnaire


def test_tables_wrap_stack_on_a_phone_and_print_section_by_section(demo_page) -> None:
    css = demo_page[demo_page.index("<style>") : demo_page.index("</style>")]
    assert "overflow-wrap:anywhere" in css and "@media print" in css
    assert "section{break-before:page}" in css and "thead{display:table-header-group}" in css
    assert not re.search(r"(td|th|table)\{[^}]*(nowrap|width:\d)", css)
    assert "@media screen and (max-width:40rem)" in css and "attr(data-label)" in css
    assert demo_page.count("<section>") == 4  # mood, questionnaires, sessions, reflections
    assert "<table class=stack><thead><tr><th scope=col>#</th><th scope=col>Date" in demo_page
    assert '<td data-label="Date"><span class=nw>2026-01-06</span></td>' in demo_page


def test_a_word_longer_than_any_figure_may_break_anywhere(scales) -> None:
    long = "dissociation-lingering-most-of-the-afternoon"
    page = html_report([checkin("2026-03-01", side_effects=[long, "nausea"])], scales)
    assert '<td data-label="Side effect" class=long>' in page
    assert '<td data-label="Side effect">nausea</td>' in page


def test_the_risk_list_says_which_answer_signalled_risk(demo_page, scales) -> None:
    md = md_report(demo_entries(), scales)
    for text in (demo_page, md):
        assert "2026-02-02: PHQ-9 item 9 = 2" in text
        assert text.count("signalled risk") == 1  # listed once, with the answer, not twice


def test_risk_without_a_scale_item_is_a_question_marked_for_risk(scales) -> None:
    phq9_items = [1, 1, 1, 1, 0, 0, 0, 0, 1]
    entries = [
        checkin("2026-03-01", risk=True, ratings={"mood": 3}),
        # An older or hand-edited file: the answer signalled risk though the flag is missing.
        checkin("2026-03-05", scales={"phq9": {"score": 5, "items": phq9_items}}),
        checkin("2026-03-06", scales={"phq9": {"score": 4, "items": [1, 1, 1, 1, 0, 0, 0, 0]}}),
    ]
    page, md = html_report(entries, scales), md_report(entries, scales)
    for text in (page, md):
        assert "2026-03-01: a question marked for risk" in text
        assert "2026-03-05: PHQ-9 item 9 = 1" in text
        assert "2026-03-06:" not in text


def test_a_period_with_one_score_says_so_instead_of_a_change(scales) -> None:
    entries = [checkin("2026-03-01", scales={"phq9": {"score": 12, "items": [2] * 6 + [0] * 3}})]
    md = md_report(entries, scales)
    assert (
        "| PHQ-9 | 1 | 12 (2026-03-01) | 12 (2026-03-01) | one score | – | – | – | moderate |" in md
    )
    assert "one score, 12 on 2026-03-01" in md
    assert "+0" not in md and "not meaningful" not in md
    assert "Period: 2026-03-01 to 2026-03-01, 1 entry." in md
    page = html_report(entries, scales)
    assert '<td data-label="Change">one score</td>' in page
    assert "PHQ-9: one score, lower is better." in page
    assert '<td data-label="Meaningful">no</td>' not in page


def test_markdown_carries_the_same_facts_with_scores_listed(scales) -> None:
    md = md_report(demo_entries(), scales)
    assert (
        "- PHQ-9 (0-27, lower is better; bands 0-4 minimal, 5-9 mild, 10-14 moderate, "
        "15-19 moderately severe, 20-27 severe): 19 (2026-01-05), 15 (2026-01-12)"
    ) in md
    assert "- WHO-5 (0-100, higher is better; bands 0-50 low wellbeing" in md
    assert "56 (2026-02-16)." in md
    assert "- No mood ratings between 2026-01-25 and 2026-01-31 (5 days)." in md
    assert "<svg" not in md


def custom_scale(name: str = "Sleep check", band: str = "restless") -> Scale:
    data = {
        "id": "sleepq",
        "name": name,
        "instructions": "Over the last week:",
        "notice": "A clinic's own questionnaire.",
        "items": ["Fell asleep easily", "Woke rested"],
        "options": [{"value": v, "label": str(v)} for v in range(5)],
        "multiplier": 5,
        "better": "higher",
        "meaningful_change": 5,
        "recall_days": 7,
        "bands": [
            {"min": 0, "max": 15, "label": band},
            {"min": 16, "max": 30, "label": "settling"},
            {"min": 31, "max": 40, "label": "rested"},
        ],
    }
    return parse_scale(data, Path("sleepq.yaml"))


def test_a_custom_scale_is_drawn_on_its_own_range(scales) -> None:
    entries = [
        checkin("2026-03-01", scales={"sleepq": {"score": 10}}),
        checkin("2026-03-08", scales={"sleepq": {"score": 25}}),
    ]
    page = html_report(entries, {**scales, "sleepq": custom_scale()})
    chart = Page(page).scale_charts()["sleepq"]
    assert max(int(t) for t in chart.texts("ytick")) == 40
    assert len(chart.all("rect", "band")) == 3
    assert chart.texts("direction") == ["higher is better ↑"]


def test_scores_of_a_questionnaire_that_is_not_loaded_are_skipped_and_said(scales) -> None:
    entries = [
        checkin("2026-03-01", scales={"sleepq": {"score": 10}, "phq9": {"score": 8}}),
        checkin("2026-03-02", scales={7: {"score": 1}, "odd": "not a mapping"}),
    ]
    page = html_report(entries, scales)
    assert list(Page(page).scale_charts()) == ["phq9"]
    line = "Scores for 7, sleepq are in the journal, but those questionnaires are not loaded"
    assert line in page and line in md_report(entries, scales)


def test_questionnaire_entries_count_like_check_ins_carrying_scales(scales) -> None:
    fields = {"scales": {"gad7": {"score": 9, "items": [1, 1, 1, 2, 2, 1, 1]}}}
    as_checkin = [checkin("2026-03-01", ratings={"mood": 5}), checkin("2026-03-03", **fields)]
    as_questionnaire = [as_checkin[0], replace(as_checkin[1], kind="questionnaire")]

    def gad7_chart(entries: list[Entry]) -> str:
        page = html_report(entries, scales)
        return page[page.index('data-scale="gad7"') : page.index("</svg>", page.index("gad7"))]

    assert gad7_chart(as_questionnaire) == gad7_chart(as_checkin)
    assert "GAD-7 | 1 | 9 (2026-03-03)" in md_report(as_questionnaire, scales)


def test_hostile_text_is_escaped_everywhere(scales) -> None:
    evil = "<script>alert(1)</script>"
    entries = [
        Entry(
            kind="checkin",
            created=at("2026-03-01"),
            fields={
                "ratings": {"mood": 4},
                "side_effects": [evil],
                "risk": True,
                "scales": {"sleepq": {"score": 12}, evil: {"score": 3}},
            },
            sections=[Section(evil, evil)],
            title=evil,
        ),
        checkin("2026-03-09", scales={"sleepq": {"score": 30}}),
    ]
    page = html_report(entries, {**scales, "sleepq": custom_scale(name=evil, band=f"{evil}&")})
    assert "<script" not in page.lower()
    assert page.count("&lt;script&gt;") >= 6  # title, answer, heading, side effect, names, band
    assert Page(page).scale_charts()["sleepq"].texts("band-label")[0] == f"{evil}&"


def test_an_empty_period_still_makes_a_page(scales) -> None:
    page = html_report([], scales)
    assert "no entries in this period" in page and "<svg" not in page
    assert "no entries in this period" in md_report([], scales)


# Through the command, as a person would run it


@pytest.fixture
def demo_journal(journal: Journal) -> Journal:
    save_demo(journal)
    return journal


def test_export_html_command_draws_the_report(run, demo_journal) -> None:
    result = run("export", "--format", "html")
    assert result.exit_code == 0 and result.stderr == ""
    page = Page(result.stdout)
    assert {n: max(int(t) for t in c.texts("ytick")) for n, c in page.scale_charts().items()} == (
        MAXIMA
    )
    assert len(polyline_xs(page.mood_chart())) == 2
    assert "2026-02-02: PHQ-9 item 9 = 2" in result.stdout
    assert "<script" not in result.stdout.lower()


def test_export_md_command_lists_scores_and_one_score(run, demo_journal) -> None:
    make_entry(demo_journal, "checkin", "2026-02-20 21:00", scales={"gad7": {"score": 7}})
    md = run("export", "--since", "2026-02-09").stdout
    assert "- PHQ-9 (0-27, lower is better; " in md and "8 (2026-02-16)" in md
    assert "| GAD-7 | 2 | 8 (2026-02-16) | 7 (2026-02-20) | -1 (-12.5%) | no |" in md
    assert "| PHQ-9 | 2 | 10 (2026-02-09) | 8 (2026-02-16) | -2 (-20%) | no | no | no |" in md
    one = run("export", "--since", "2026-02-15", "--until", "2026-02-17").stdout
    assert "| PHQ-9 | 1 | 8 (2026-02-16) | 8 (2026-02-16) | one score |" in one


def test_export_md_command_lists_the_risk_answer(run, demo_journal) -> None:
    risky = run("export", "--until", "2026-02-03").stdout
    assert "- Answers that signalled risk:\n  - 2026-02-02: PHQ-9 item 9 = 2\n" in risky
    assert "signalled risk" not in run("export", "--since", "2026-02-10").stdout
