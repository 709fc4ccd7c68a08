"""Safety paths that must hold whatever else happens: a risk answer is saved and flagged the
moment its questionnaire (or risk prompt) ends, the crisis lines follow at once, and no broken
config, unwritable journal or interruption can hide them or lose the answer."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kjournal.journal import store
from kjournal.journal.store import Journal, read_entry
from tests.helpers import entry_files, flow_draft

PHQ9_RISK_ITEMS = "0,0,0,0,0,0,0,0,3"
CRISIS_LINE = "988"


def entries_by_kind(journal: Journal) -> dict[str, list]:
    found: dict[str, list] = {}
    for path in entry_files(journal):
        entry = read_entry(path)
        found.setdefault(entry.kind, []).append(entry)
    return found


def intend_input_up_to_phq9_item9(item9: str) -> str:
    """Accept the questionnaires, rate mood and anxiety, answer PHQ-9 up to item 9, then stop:
    the input ends there, as when the terminal is closed or Ctrl-D is pressed."""
    return "y\n5\n5\n" + "0\n" * 8 + f"{item9}\n"


# A flow stopped after a risk answer


def test_a_risk_answer_in_intend_is_saved_and_shown_before_the_flow_goes_on(
    run, journal: Journal
) -> None:
    result = run("intend", input=intend_input_up_to_phq9_item9("3"))
    assert result.exit_code == 130  # stopped at the next question
    [phq9] = entries_by_kind(journal)["questionnaire"]
    assert phq9.fields["risk"] is True
    assert phq9.fields["scales"]["phq9"]["items"] == [0] * 8 + [3]
    assert phq9.fields["during"] == "intend"
    assert "intention" not in entries_by_kind(journal)
    # The lines came right after the PHQ-9, before the next question was asked.
    out = result.stdout
    assert out.index("Saved your PHQ-9") < out.index(CRISIS_LINE) < out.index("how difficult")
    assert "Your PHQ-9 is saved" in result.stderr
    assert "pick up where you left off" in result.stderr


def test_a_set_aside_draft_keeps_the_risk_answer_and_status_and_doctor_mention_drafts(
    run, journal: Journal
) -> None:
    run("intend", input=intend_input_up_to_phq9_item9("2"))
    status = run()
    assert "Unfinished answers from" in status.stdout
    assert "`kjournal intend` picks them up" in status.stdout
    assert "Next: kjournal intend" in status.stdout
    doctor = run("doctor")
    assert "unfinished-draft" in doctor.stdout and "kjournal intend` resumes them" in doctor.stdout
    assert doctor.exit_code == 0 and "All good" in doctor.stdout  # today's draft: information
    # Not resuming sets the draft aside; the PHQ-9 stays saved and flagged. The fresh flow
    # offers only the GAD-7, as a PHQ-9 was just taken (declined here).
    fresh = run("intend", input="n\nn\n" + "\n" * 12)
    assert "Would you like to answer it now" in fresh.stdout  # the GAD-7 alone
    assert fresh.exit_code == 0, fresh.output
    kinds = entries_by_kind(journal)
    assert [e.fields["risk"] for e in kinds["questionnaire"]] == [True]
    assert len(kinds["intention"]) == 1
    status = run()
    assert "1 set-aside draft(s) are kept in" in status.stdout
    assert "set-aside-draft" in run("doctor").stdout


def test_resuming_after_a_risk_answer_never_saves_the_questionnaire_twice(
    run, journal: Journal
) -> None:
    run("intend", input=intend_input_up_to_phq9_item9("1"))
    resumed = run("intend", input="y\n" + "\n" + "0\n" * 7 + "\n" * 12)
    assert resumed.exit_code == 0, resumed.output
    kinds = entries_by_kind(journal)
    scales = sorted(e.scale_ids[0] for e in kinds["questionnaire"])
    assert scales == ["gad7", "phq9"]
    assert CRISIS_LINE not in resumed.stdout  # shown once, when the answer was given
    [intention] = kinds["intention"]
    assert "scales" not in intention.fields and "risk" not in intention.fields


def test_a_risk_prompt_in_a_custom_checkin_is_saved_the_moment_it_is_answered(
    run, journal: Journal
) -> None:
    journal.prompts_dir.mkdir(parents=True)
    (journal.prompts_dir / "checkin.yaml").write_text(
        "prompts:\n"
        "  - {id: mood, type: rating, text: Mood?}\n"
        "  - {id: thoughts, text: Any thoughts of harming yourself?, risk: true}\n"
        "  - {id: energy, type: rating, text: Energy?}\n"
    )
    result = run("checkin", input="4\nsometimes\n\n")  # then energy is never answered
    assert result.exit_code == 130
    [part] = entries_by_kind(journal)["checkin"]
    assert part.fields["risk"] is True
    assert part.sections[0].text == "sometimes"
    assert result.stdout.index("Saved:") < result.stdout.index(CRISIS_LINE)


# support and the crisis panel never fail


BROKEN_CONFIGS = [
    "scales_due_days: seven\n",
    "crisis_region: Nowhere\n",  # lines missing
    "crisis_lines: 5\n",
    "[not, a, mapping]\n",
    "key: [unclosed\n",
    "\x00\x01binary",
    "1: numbers as keys\nnull: too\n",
    "a: &a [*a]\n",
    "- " * 5000 + "deep\n",
    "unknown_key: 1\n",
    "prompts_dir: 7\n",
]


@pytest.mark.parametrize("text", BROKEN_CONFIGS)
def test_support_shows_the_crisis_lines_with_any_broken_config(run, tmp_path, text) -> None:
    (tmp_path / "config.yaml").write_text(text)
    result = run("support")
    assert result.exit_code == 0
    assert CRISIS_LINE in result.stdout and "findahelpline.com" in result.stdout
    assert "unexpected error" not in result.stderr


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.dictionaries(
            st.sampled_from(
                [
                    "prompts_dir",
                    "scales_due_days",
                    "intend_scales",
                    "crisis_region",
                    "crisis_lines",
                    "relief_max_gap_days",
                    "other",
                ]
            ),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=3)
                ),
                max_leaves=6,
            ),
            max_size=4,
        ),
    )
)
def test_no_configuration_stops_the_crisis_lines(run, tmp_path, config) -> None:
    import yaml

    path = tmp_path / "config.yaml"
    if isinstance(config, bytes):
        path.write_bytes(config)
    else:
        path.write_text(yaml.safe_dump(config))
    for args in (["support"], ["scale", "phq9", "--items", PHQ9_RISK_ITEMS]):
        result = run(*args)
        assert CRISIS_LINE in result.stdout, (args, result.output)
        assert "unexpected error" not in result.stderr


@pytest.mark.parametrize("kind", ["directory", "fifo"])
def test_a_config_path_that_is_not_a_file_never_hangs_or_hides_the_lines(
    run, tmp_path, kind
) -> None:
    path = tmp_path / "config.yaml"
    path.mkdir() if kind == "directory" else os.mkfifo(path)
    result = run("support")
    assert result.exit_code == 0 and CRISIS_LINE in result.stdout
    assert "config" in result.stderr  # named as a warning


@pytest.mark.parametrize("kind", ["directory", "fifo", "binary"])
def test_an_odd_safety_plan_is_a_warning_after_the_lines(run, journal: Journal, kind) -> None:
    journal.root.mkdir(parents=True)
    path = journal.safety_plan_path
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.write_bytes(b"\xff\xfe my plan \x00")
    result = run("support")
    assert result.exit_code == 0 and CRISIS_LINE in result.stdout
    if kind != "binary":
        assert "safety plan could not be shown" in result.stderr


def test_support_works_when_the_journal_path_is_a_file(run, tmp_path, monkeypatch) -> None:
    not_a_folder = tmp_path / "journal-file"
    not_a_folder.write_text("x")
    monkeypatch.setenv("KJOURNAL_HOME", str(not_a_folder))
    result = run("support")
    assert result.exit_code == 0 and CRISIS_LINE in result.stdout


def test_the_panel_points_to_the_persons_own_safety_plan_once_there_is_one(
    run, journal: Journal
) -> None:
    first = run("scale", "phq9", "--items", PHQ9_RISK_ITEMS)
    assert "Your own safety plan" not in first.stdout
    journal.safety_plan_path.write_text("# My safety plan\n\nCall Sam.\n")
    second = run("scale", "phq9", "--items", PHQ9_RISK_ITEMS)
    text = " ".join(second.stdout.replace("│", " ").split())  # as read, across wrapped lines
    assert "Your own safety plan is one command away: kjournal support" in text
    for words in ("You are not alone", "can pass", "reaching out helps", "not monitored"):
        assert words in text


def test_wrapped_crisis_lines_stay_indented_under_their_bullet(run, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    result = run("support")
    lines = result.stdout.splitlines()
    at = next(
        i for i, line in enumerate(lines) if "findahelpline.com" in line or "Elsewhere" in line
    )
    bullet_column = lines[at].index("•")
    continuation = lines[at + 1]
    text_column = bullet_column + 2
    assert continuation[text_column - 2 : text_column].strip(" │") == ""
    assert continuation[text_column] != " "


# A failed save never hides the lines


def test_a_journal_that_cannot_be_written_still_shows_the_lines_then_says_where_answers_are(
    run, journal: Journal
) -> None:
    journal.root.mkdir(parents=True)
    journal.entries_dir.write_text("not a folder")  # every entry write fails, drafts still work
    result = run("scale", "phq9", "--items", PHQ9_RISK_ITEMS)
    assert result.exit_code == 1
    assert CRISIS_LINE in result.stdout
    assert "could not be saved" in result.stderr
    draft = flow_draft(journal, "scale-phq9")
    assert f"kept in {draft}" in result.stderr
    assert "phq9_item9: '3'" in draft.read_text()
    assert "unexpected error" not in result.stderr


def test_when_nothing_can_be_written_the_answers_are_shown_after_the_lines(
    run, tmp_path, monkeypatch
) -> None:
    not_a_folder = tmp_path / "journal-file"
    not_a_folder.write_text("x")
    monkeypatch.setenv("KJOURNAL_HOME", str(not_a_folder))
    result = run("scale", "phq9", "--items", PHQ9_RISK_ITEMS)
    assert result.exit_code == 1
    assert result.stdout.index(CRISIS_LINE) < result.stdout.index("Your answers, not saved")
    assert "items: [0, 0, 0, 0, 0, 0, 0, 0, 3]" in result.stdout
    assert "No draft could be written either" in result.stderr


def test_a_full_disk_during_a_live_phq9_shows_the_lines_and_keeps_the_answers_on_screen(
    run, journal: Journal, monkeypatch
) -> None:
    def disk_full(path: Path, text: str, *, exclusive: bool = False) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(store, "write_atomic", disk_full)
    result = run("scale", "phq9", input="0\n" * 8 + "2\n" + "\n")
    assert result.exit_code == 1
    out = result.stdout
    assert out.index("PHQ-9: 2 of 27") < out.index(CRISIS_LINE)
    assert "No space left on device" in result.stderr
    assert "could not be written to a draft" in result.stderr  # said once, while typing
    assert result.stderr.count("could not be written to a draft") == 1
    assert "Your answers, not saved" in out and "items: [0, 0, 0, 0, 0, 0, 0, 0, 2]" in out


# What a questionnaire is, where a person reads it


def test_a_questionnaire_is_named_with_its_score_and_band_in_list_show_and_status(
    run, journal: Journal
) -> None:
    run("scale", "phq9", "--items", "2,2,2,2,2,2,2,2,2")
    [path] = entry_files(journal)
    assert path.name.endswith("-phq9.md")
    listed = run("list").stdout
    assert "PHQ-9" in listed and "PHQ-9 18 (moderately" in listed
    import json

    [row] = json.loads(run("list", "--format", "json").stdout)
    assert row["scales"] == {"phq9": {"score": 18, "band": "moderately severe", "difficulty": None}}
    shown = run("show", "latest").stdout
    assert "PHQ-9 18 (moderately severe)" in shown
    assert "Risk answer: PHQ-9 item 9 = 2" in shown
    status = " ".join(run().stdout.split())
    assert "Check-ins this week: 0." in status
    assert "Latest questionnaires: PHQ-9 18 (moderately severe)" in status
    assert run("list", "--kind", "questionnaire").stdout.count("PHQ-9 18") == 1
    assert "No entries match" in run("list", "--kind", "checkin").stdout


def test_a_questionnaire_saved_as_a_checkin_by_an_earlier_version_reads_as_one(
    run, journal: Journal
) -> None:
    folder = journal.entries_dir / "2026" / "11"
    folder.mkdir(parents=True)
    (folder / "2026-11-20T0900-checkin.md").write_text(
        "---\nkjournal: 1\nkind: checkin\ncreated: 2026-11-20T09:00:00+01:00\n"
        "scales:\n  gad7:\n    score: 9\n    items: [1, 1, 1, 2, 2, 1, 1]\n---\n"
        "# Check-in, 20 November 2026\n"
    )
    listed = run("list").stdout
    assert "GAD-7" in listed and "GAD-7 9" in listed
    assert run("list", "--kind", "questionnaire").stdout.count("GAD-7 9") == 1
    assert "Check-ins this week" in run().stdout


def test_phq9_difficulty_answer_is_shown_with_the_score(run) -> None:
    run("scale", "phq9", input="1\n" * 9 + "2\n")
    assert "PHQ-9 9 (mild), difficulty: somewhat" in run("show", "latest").stdout


def test_the_clinician_report_counts_relief_gaps_as_the_config_says(run, tmp_path) -> None:
    (tmp_path / "config.yaml").write_text("relief_max_gap_days: 9\nscales_due_days: 0\n")
    assert run("intend", "--no-input", "--answers", "-", input="mood: 4\n").exit_code == 0
    run("checkin", "--mood", "5")
    for output_format in ("md", "html"):
        report = run("export", "--format", output_format).stdout
        assert "More than 9 days without a check-in" in report


# Found by trying to break it: each a class of its own


def test_stopping_when_nothing_can_be_written_prints_the_answers(
    run, tmp_path, monkeypatch
) -> None:
    not_a_folder = tmp_path / "journal-file"
    not_a_folder.write_text("x")
    monkeypatch.setenv("KJOURNAL_HOME", str(not_a_folder))
    result = run("scale", "phq9", input="0\n" * 8 + "2\n")  # stops at the follow-up
    assert result.exit_code == 130
    out = result.stdout
    assert out.index(CRISIS_LINE) < out.index("Your answers, not saved")
    assert "items: [0, 0, 0, 0, 0, 0, 0, 0, 2]" in out
    assert "your answers are printed above" in result.stderr
    assert "Support is there now" in out  # the lines again, in one line, at the stop


def test_an_unwritable_journal_shows_the_crisis_panel_once_not_after_every_answer(
    run, journal: Journal
) -> None:
    journal.root.mkdir(parents=True)
    journal.entries_dir.write_text("not a folder")
    answers = "y\n5\n5\n" + "0\n" * 8 + "3\n" + "\n" + "0\n" * 7 + "\n" * 20
    result = run("intend", input=answers)
    assert result.exit_code == 1
    assert result.stdout.count("Support is available") == 1
    assert result.stderr.count("could not be saved yet") == 2  # PHQ-9 and GAD-7, once each
    [draft] = journal.drafts_dir.glob("intend-*.yaml")
    assert f"They are kept in {draft}" in result.stderr.replace("\n", " ")


def test_resuming_a_questionnaire_saved_before_says_it_is_saved(run, journal: Journal) -> None:
    first = run("scale", "phq9", input="0\n" * 8 + "1\n")  # stopped at the follow-up
    assert first.exit_code == 130 and "Your PHQ-9 is saved" in first.stderr
    resumed = run("scale", "phq9", "--resume", "--no-input")
    assert resumed.exit_code == 0, resumed.output
    assert "nothing was saved" not in resumed.stderr
    assert "Saved your PHQ-9" in resumed.stdout
    assert len(entry_files(journal)) == 1 and journal.flow_drafts("scale-phq9") == []


def test_a_copied_scale_cannot_switch_off_the_packaged_risk_item(run, journal: Journal) -> None:
    assert run("prompts", "copy", "phq9").exit_code == 0
    copy = journal.prompts_dir / "scales" / "phq9.yaml"
    copy.write_text(copy.read_text().replace("risk_items: [9]", "risk_items: []"))
    result = run("scale", "phq9", "--items", PHQ9_RISK_ITEMS)
    assert read_entry(entry_files(journal)[0]).fields["risk"] is True
    assert CRISIS_LINE in result.stdout


def test_support_itself_does_not_point_to_the_plan_it_shows_below(run, journal) -> None:
    journal.root.mkdir(parents=True)
    journal.safety_plan_path.write_text("# My safety plan\n\nCall Sam.\n")
    result = run("support")
    assert "one command away" not in result.stdout and "Call Sam." in result.stdout


@pytest.mark.parametrize(
    "text",
    [
        'crisis_region: Here\ncrisis_lines: ["  ", ""]\n',
        "crisis_region: Here\ncrisis_lines: [" + ", ".join(["x"] * 500) + "]\n",
        'crisis_region: Here\ncrisis_lines: ["call 1"]\ncrisis_lines: ["call 2"]\n',
    ],
)
def test_crisis_lines_that_cannot_help_fall_back_to_the_built_in_ones(run, tmp_path, text) -> None:
    (tmp_path / "config.yaml").write_text(text)
    result = run("support")
    assert result.exit_code == 0 and CRISIS_LINE in result.stdout
    assert "using the default settings" in result.stderr


def test_two_questionnaires_of_one_minute_have_ids_of_their_own(run, journal: Journal) -> None:
    answers = "phq9: [0, 0, 0, 0, 0, 0, 0, 0, 2]\ngad7: [1, 1, 1, 1, 1, 1, 1]\n"
    assert run("intend", "--answers", "-", "--no-input", input=answers).exit_code == 0
    listed = run("list", "--format", "json").stdout
    import json

    ids = [row["id"] for row in json.loads(listed) if row["kind"] == "questionnaire"]
    assert len(set(ids)) == 2 and any(i.endswith("-phq9") for i in ids)
    phq9 = next(i for i in ids if i.endswith("-phq9"))
    assert "PHQ-9" in run("show", phq9).stdout


def test_after_a_risk_answer_list_marks_it_and_status_points_to_support(run) -> None:
    run("scale", "phq9", "--items", PHQ9_RISK_ITEMS)
    assert "risk answer · PHQ-9 3" in run("list").stdout
    status = " ".join(run().stdout.split())
    assert "an answer of yours signalled risk" in status and "`kjournal support`" in status


def test_a_clinics_own_questionnaire_shows_in_trends_and_the_report(run, journal: Journal) -> None:
    import yaml

    from kjournal.questions.prompts import packaged_prompts_dir

    data = yaml.safe_load((packaged_prompts_dir() / "scales" / "gad7.yaml").read_text())
    data.update(id="calm7", name="CALM-7", title="A clinic's own questionnaire")
    (journal.prompts_dir / "scales").mkdir(parents=True)
    (journal.prompts_dir / "scales" / "calm7.yaml").write_text(yaml.safe_dump(data))
    for items in ("3,3,3,3,3,3,3", "1,1,1,1,1,1,1"):
        assert run("scale", "calm7", "--items", items).exit_code == 0
    trends = run("trends", "--view", "scales").stdout
    assert "CALM-7" in trends and "Nothing to show" not in trends
    assert "CALM-7" in run("export", "--format", "html").stdout


def test_end_of_input_at_a_yes_no_question_is_a_calm_stop(run) -> None:
    result = run("intend", input="")  # Ctrl-D at the questionnaire offer
    assert result.exit_code == 130
    assert "stopped" in result.stderr and "unexpected error" not in result.stderr


def test_show_lists_a_questionnaires_answers(run) -> None:
    run("scale", "gad7", "--items", "1,2,0,3,1,0,2")
    shown = run("show", "latest").stdout
    assert "GAD-7 answers: 1 · 2 · 0 · 3 · 1 · 0 · 2" in shown
    assert "(no written answers)" not in shown and "during" not in shown
