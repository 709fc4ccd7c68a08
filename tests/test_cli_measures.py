"""Check-ins, scales and support through the CLI, and every safety trigger: saved, flagged, then
crisis lines shown, in that order, even without input."""

from __future__ import annotations

import stat
import sys
from datetime import datetime, timedelta

from kjournal.journal.store import Journal, read_entry
from tests.helpers import entry_files, make_entry

PHQ9_RISK = "0,0,0,0,0,0,0,0,1"


def only_entry(journal: Journal):
    [path] = entry_files(journal)
    return read_entry(path)


def assert_saved_then_support(stdout: str) -> None:
    saved = stdout.index("Saved")
    assert stdout.index("988") > saved
    assert stdout.index("741741") > saved
    assert "findahelpline.com" in stdout
    assert "not monitored by anyone" in stdout


def test_checkin_from_flags_asks_nothing(run, journal: Journal) -> None:
    result = run(
        "checkin",
        "--mood",
        "6",
        "--anxiety",
        "3",
        "--sleep",
        "7.5",
        "--side-effects",
        "nausea, headache",
    )
    assert result.exit_code == 0, result.output
    assert "How is your mood" not in result.stdout
    entry = only_entry(journal)
    assert entry.kind == "checkin" and entry.session is None
    assert entry.ratings == {"mood": 6, "anxiety": 3}
    assert entry.fields["sleep_hours"] == 7.5
    assert entry.fields["side_effects"] == ["nausea", "headache"]


def test_checkin_interactive_with_a_note(run, journal: Journal) -> None:
    result = run("checkin", input="5\n4\n6\n8\n7\nfelt lighter\nafter the walk\n\n")
    assert result.exit_code == 0, result.output
    entry = only_entry(journal)
    assert entry.ratings == {"mood": 5, "anxiety": 4, "energy": 6}
    assert entry.fields["sleep_hours"] == 8
    assert entry.fields["side_effects"] == ["none"]
    assert entry.sections[0].text == "felt lighter\nafter the walk"


def test_checkin_rejects_bad_flags_in_one_line(run, journal: Journal) -> None:
    for args, message in [
        (["--mood", "11"], "11 is not in the range 0<=x<=10"),
        (["--sleep", "30"], "30.0 is not in the range 0<=x<=24"),
        (
            ["--side-effects", "itching"],
            "'itching' is not one of the choices; choose numbers from 1 to 7",
        ),
    ]:
        result = run("checkin", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr
        assert result.stderr.count("\n") == 1
    assert entry_files(journal) == []


def test_a_checkin_with_every_question_skipped_saves_nothing(run, journal: Journal) -> None:
    result = run("checkin", input="\n" * 6)
    assert result.exit_code == 1
    assert "nothing was saved" in result.stderr
    assert entry_files(journal) == []


def test_scale_from_items_saves_score_and_shows_band_as_information(run, journal: Journal) -> None:
    result = run("scale", "phq9", "--items", "2,2,2,2,2,2,2,2,0")
    assert result.exit_code == 0, result.output
    assert "PHQ-9: 16 of 27 (moderately severe)" in result.stdout
    assert "not a diagnosis" in result.stdout
    assert "Developed by Drs. Robert L. Spitzer" in result.stdout
    assert "988" not in result.stdout
    entry = only_entry(journal)
    assert entry.kind == "questionnaire" and entry.path.name.endswith("-phq9.md")
    assert entry.fields["scales"] == {
        "phq9": {"score": 16, "band": "moderately severe", "items": [2] * 8 + [0]}
    }
    assert "risk" not in entry.fields
    assert result.stdout.count("Saved") == 1


def test_scale_interactive_re_asks_an_answer_outside_the_options(run, journal: Journal) -> None:
    result = run("scale", "gad7", input="7\n1\n" + "1\n" * 6)
    assert result.exit_code == 0, result.output
    assert "'7' is not one of the answers; choose 0, 1, 2 or 3" in result.stdout
    assert only_entry(journal).fields["scales"]["gad7"]["score"] == 7


def test_scale_bad_items_and_unknown_names_are_one_line(run, journal: Journal) -> None:
    for args, message in [
        (["phq9", "--items", "1,2"], "expected 9 answers separated by commas, got 2"),
        (
            ["phq9", "--items", "0,0,0,0,0,0,0,0,5"],
            "'5' is not one of the answers; choose 0, 1, 2 or 3",
        ),
        (["phq9", "--items", "a,b"], "item 1 is 'a', not a number"),
        (["qids"], "unknown scale 'qids' (available: gad7, pcl5, phq9, who5)"),
    ]:
        result = run("scale", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr, result.stderr
    assert entry_files(journal) == []


def test_phq9_item_nine_saves_a_flagged_entry_then_shows_support(run, journal: Journal) -> None:
    result = run("scale", "phq9", "--items", PHQ9_RISK)
    assert result.exit_code == 0
    assert only_entry(journal).fields["risk"] is True
    assert_saved_then_support(result.stdout)


def kinds(journal: Journal) -> dict[str, list]:
    found: dict[str, list] = {}
    for path in entry_files(journal):
        entry = read_entry(path)
        found.setdefault(entry.kind, []).append(entry)
    return found


def test_phq9_item_nine_in_intend_answers_is_saved_and_flagged_on_its_own(
    run, journal: Journal
) -> None:
    answers = "mood: 3\nphq9: [0, 0, 0, 0, 0, 0, 0, 0, 2]\ngad7: [1, 1, 1, 1, 1, 1, 1]\n"
    result = run("intend", "--answers", "-", "--no-input", input=answers)
    assert result.exit_code == 0, result.output
    by_kind = kinds(journal)
    [intention] = by_kind["intention"]
    assert "risk" not in intention.fields and "scales" not in intention.fields
    phq9, gad7 = sorted(by_kind["questionnaire"], key=lambda e: e.path.name)[::-1]
    assert phq9.fields["risk"] is True and phq9.fields["during"] == "intend"
    assert phq9.fields["scales"]["phq9"] == {"score": 2, "band": "minimal", "items": [0] * 8 + [2]}
    assert gad7.fields["scales"]["gad7"]["score"] == 7 and "risk" not in gad7.fields
    # The lines come right after the PHQ-9 is saved, before the GAD-7 and the intention.
    at = result.stdout.index
    assert at(f"Saved your PHQ-9: {phq9.path}") < at("988") < at(f"Saved your GAD-7: {gad7.path}")
    assert at("988") < at("Saved your intention")
    assert_saved_then_support(result.stdout)


def test_intend_offers_due_scales_and_runs_them_when_accepted(run, journal: Journal) -> None:
    # PHQ-9's nine items, then its unscored difficulty question (2: somewhat), then GAD-7
    result = run("intend", input="y\n5\n5\n" + "1\n" * 9 + "2\n" + "0\n" * 7 + "\n" * 10)
    assert result.exit_code == 0, result.output
    assert "two short questionnaires, PHQ-9 and GAD-7" in result.stdout  # a first time
    by_kind = kinds(journal)
    scores = {e.scale_ids[0]: e for e in by_kind["questionnaire"]}
    assert scores["phq9"].fields["scales"]["phq9"]["score"] == 9
    assert scores["phq9"].fields["risk"] is True  # item 9 was 1
    assert scores["gad7"].fields["scales"]["gad7"]["score"] == 0
    assert len(by_kind["intention"]) == 1
    assert "PHQ-9: 9 of 27 (mild)" in result.stdout


def test_intend_does_not_offer_scales_taken_in_the_last_seven_days(run, journal: Journal) -> None:
    recent = (datetime.now() - timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    make_entry(journal, "checkin", recent, scales={"phq9": {"score": 3}, "gad7": {"score": 2}})
    result = run("intend", input="\n" * 10)
    assert result.exit_code == 0, result.output
    assert "answer them now" not in result.stdout


def test_scales_due_days_is_configurable(run, journal: Journal, tmp_path) -> None:
    (tmp_path / "config.yaml").write_text("scales_due_days: 0\n")
    result = run("intend", input="\n" * 10)
    assert result.exit_code == 0, result.output
    assert "answer them now" not in result.stdout


def test_support_shows_dated_lines_and_says_nobody_monitors(run) -> None:
    result = run("support")
    assert result.exit_code == 0
    assert "988" in result.stdout and "741741" in result.stdout and "911" in result.stdout
    assert "reviewed 2026-12-02" in result.stdout
    assert "not monitored by anyone" in result.stdout
    assert "kjournal support --edit" in result.stdout


def test_support_uses_lines_from_the_config(run, tmp_path) -> None:
    (tmp_path / "config.yaml").write_text(
        "crisis_region: United Kingdom\ncrisis_lines: ['Samaritans: call 116 123']\n"
    )
    result = run("support")
    assert "Samaritans: call 116 123" in result.stdout
    assert "988" not in result.stdout


def test_support_edit_creates_a_private_plan_and_opens_the_editor(
    run, journal: Journal, tmp_path, monkeypatch
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'a').write('- call Sam\\n')\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    result = run("support", "--edit")
    assert result.exit_code == 0, result.output
    plan = journal.safety_plan_path
    assert stat.S_IMODE(plan.stat().st_mode) == 0o600
    text = plan.read_text()
    for heading in (
        "Warning signs",
        "cope",
        "People and places",
        "Professionals",
        "surroundings safer",
    ):
        assert heading in text
    shown = run("support")
    assert "call Sam" in shown.stdout
    assert "Your safety plan" in shown.stdout


def test_support_edit_without_an_editor_says_how_to_set_one(run, journal: Journal) -> None:
    result = run("support", "--edit")
    assert result.exit_code == 1
    assert "set VISUAL or EDITOR" in result.stderr
    assert journal.safety_plan_path.exists()  # the template is there to open by hand


def test_support_edit_with_a_failing_editor_is_one_line(run, journal: Journal, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", "false")
    result = run("support", "--edit")
    assert result.exit_code == 1
    assert "the editor exited with status 1" in result.stderr
