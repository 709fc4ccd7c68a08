"""`kjournal intend` as a person uses it: answers, skips, mistakes, scripts and interruptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from kjournal.journal.store import Journal, read_entry
from tests.helpers import entry_files, flow_draft, make_entry

# Answers in prompt order, after declining the PHQ-9/GAD-7 offer (due on a new journal): mood,
# anxiety, route, dose, setting, four multi-line answers (each ended by an empty line), the anchor.
FULL = (
    "n\n4\n6\n1\n0.5 mg/kg over 40 min\nclinic room\n"
    "my grief\nabout my father\n\nbeing kind\n\n\n\nbreathe\n"
)
SKIP_ALL = "n\n" + "\n" * 10


def test_intend_saves_an_intention_for_session_one(run, journal: Journal) -> None:
    result = run("intend", input=FULL)
    assert result.exit_code == 0, result.output
    [path] = entry_files(journal)
    entry = read_entry(path)
    assert (entry.kind, entry.session) == ("intention", 1)
    assert entry.ratings == {"mood": 4, "anxiety": 6}
    assert entry.fields["route"] == "iv"
    assert entry.fields["dose"] == "0.5 mg/kg over 40 min"
    assert entry.fields["setting"] == "clinic room"
    assert [(s.heading, s.text) for s in entry.sections] == [
        ("What would you like to explore, or soften, today?", "my grief\nabout my father"),
        ("What are you open to learning or noticing?", "being kind"),
        ("A word or phrase to return to during the session", "breathe"),
    ]
    assert entry.created.utcoffset() is not None
    assert "Saved your intention for session 1" in result.stdout
    assert str(path) in result.stdout.replace("\n", "")
    assert result.stderr == ""
    assert flow_draft(journal, "intend") is None


def test_every_question_can_be_skipped_with_enter(run, journal: Journal) -> None:
    result = run("intend", input=SKIP_ALL)
    assert result.exit_code == 0, result.output
    entry = read_entry(entry_files(journal)[0])
    assert entry.session == 1
    assert entry.fields == {}
    assert entry.sections == []


def test_sessions_are_numbered_one_two_three(run, journal: Journal) -> None:
    for _ in range(3):
        assert run("intend", input=SKIP_ALL).exit_code == 0
    assert sorted(read_entry(p).session for p in entry_files(journal)) == [1, 2, 3]


def test_out_of_range_rating_and_unknown_route_are_asked_again(run, journal: Journal) -> None:
    result = run("intend", input="n\n11\nsix\n5\n\noral\n4\n" + "\n" * 7)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("a rating is a whole number from 0 to 10") == 2
    assert (
        "'oral' is not one of the choices; choose a number from 1 to 5, or type one of: IV"
        in result.stdout
    )
    entry = read_entry(entry_files(journal)[0])
    assert entry.ratings == {"mood": 5}
    assert entry.fields["route"] == "nasal"


def test_answers_file_and_no_input_write_without_asking(run, journal: Journal, tmp_path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("mood: 6\nroute: sublingual\nexplore: |\n  line one\n  line two\n")
    result = run("intend", "--answers", str(answers), "--no-input")
    assert result.exit_code == 0, result.output
    entry = read_entry(entry_files(journal)[0])
    assert entry.ratings == {"mood": 6}
    assert entry.fields["route"] == "sublingual"
    assert entry.sections[0].text == "line one\nline two"
    assert "1 of" not in result.stdout  # nothing was asked


def test_answers_can_come_from_standard_input(run, journal: Journal) -> None:
    result = run("intend", "--answers", "-", input="mood: 3\nanxiety: 2\n")
    assert result.exit_code == 0, result.output
    assert read_entry(entry_files(journal)[0]).ratings == {"mood": 3, "anxiety": 2}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("mood: 11\n", "mood: a rating is a whole number from 0 to 10, not 11"),
        ("mood: six\n", "a rating is a whole number from 0 to 10, not 'six'"),
        (
            "route: oral\n",
            "'oral' is not one of the choices; choose a number from 1 to 5, or type one of: IV",
        ),
        ("moood: 3\n", "unknown prompt id 'moood' (known: mood, anxiety,"),
        ("mood: [3\n", "not valid YAML"),
        ("- 3\n", "expected a mapping of prompt ids to answers"),
    ],
)
def test_bad_answers_file_gets_one_line_and_writes_nothing(
    run, journal: Journal, tmp_path: Path, content: str, message: str
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(content)
    result = run("intend", "--answers", str(answers), "--no-input")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert entry_files(journal) == []


def test_missing_answers_file_is_a_clear_error(run, journal: Journal) -> None:
    result = run("intend", "--answers", "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == "kjournal: nope.yaml: no such file"


def test_no_input_fails_when_a_required_prompt_has_no_answer(run, journal: Journal) -> None:
    journal.prompts_dir.mkdir(parents=True)
    (journal.prompts_dir / "intend.yaml").write_text(
        "prompts:\n  - {id: word, text: One word, optional: false}\n"
    )
    result = run("intend", "--no-input")
    assert result.exit_code == 2
    assert "required prompt 'word'" in result.stderr
    assert entry_files(journal) == []


def test_malformed_custom_prompt_file_names_file_and_key(run, journal: Journal) -> None:
    journal.prompts_dir.mkdir(parents=True)
    (journal.prompts_dir / "intend.yaml").write_text(
        "prompts:\n  - {id: word, text: W, type: essay}\n"
    )
    result = run("intend", input=SKIP_ALL)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"kjournal: {journal.prompts_dir / 'intend.yaml'}: prompts[0].type"
    )
    assert entry_files(journal) == []


def test_input_ending_mid_flow_keeps_a_draft_that_the_next_run_resumes(
    run, journal: Journal
) -> None:
    stopped = run("intend", input="n\n4\n6\n")
    assert stopped.exit_code == 130
    assert "pick up where you left off" in stopped.stderr
    assert entry_files(journal) == []
    assert "mood: 4" in flow_draft(journal, "intend").read_text()

    resumed = run("intend", input="y\n2\n" + "\n" * 7)
    assert resumed.exit_code == 0, resumed.output
    assert "Pick up where you left off?" in resumed.stdout
    assert "1 of 10" not in resumed.stdout  # mood and anxiety are not asked again
    entry = read_entry(entry_files(journal)[0])
    assert entry.ratings == {"mood": 4, "anxiety": 6}
    assert entry.fields["route"] == "im"
    assert flow_draft(journal, "intend") is None


def test_a_long_answer_cut_off_by_end_of_input_is_kept(run, journal: Journal) -> None:
    stopped = run("intend", input="n\n4\n6\n1\n\n\nline one\nline two\n")
    assert stopped.exit_code == 130
    resumed = run("intend", "--resume", input="\n" * 4)
    assert resumed.exit_code == 0, resumed.output
    entry = read_entry(entry_files(journal)[0])
    assert entry.sections[0].text == "line one\nline two"


def test_starting_fresh_sets_the_old_draft_aside_without_deleting_it(run, journal: Journal) -> None:
    run("intend", input="n\n4\n6\n")
    result = run("intend", input="n\n" + SKIP_ALL)
    assert result.exit_code == 0, result.output
    [aside] = journal.drafts_dir.glob("intend-set-aside-*.yaml")
    assert "mood: 4" in aside.read_text()
    assert str(aside) in result.stderr.replace("\n", "")
    assert read_entry(entry_files(journal)[0]).fields == {}


def test_scripted_run_leaves_an_interactive_draft_alone(run, journal: Journal) -> None:
    run("intend", input="n\n4\n6\n")
    result = run("intend", "--no-input")
    assert result.exit_code == 0
    assert flow_draft(journal, "intend") is not None
    assert "unfinished draft is still waiting" in result.stderr


def test_unreadable_entry_is_named_and_its_session_number_is_not_reused(
    run, journal: Journal
) -> None:
    make_entry(journal, "intention", "2026-01-05 09:00", 4)
    broken = journal.entries_dir / "2026" / "01" / "2026-01-06T0900-intention.md"
    broken.write_text("---\nkind: intention\nsession: 5\nnote: a: b\n---\nprivate words\n")
    before = broken.read_bytes()
    result = run("intend", input=SKIP_ALL)
    assert result.exit_code == 0, result.output
    assert f"could not read {broken}:4: front matter is not valid YAML" in result.stderr
    assert "private words" not in result.stderr
    assert "Saved your intention for session 6" in result.stdout
    assert broken.read_bytes() == before


def test_answer_to_a_risk_prompt_saves_a_flagged_entry_then_shows_crisis_lines(
    run, journal: Journal
) -> None:
    journal.prompts_dir.mkdir(parents=True)
    (journal.prompts_dir / "intend.yaml").write_text(
        "prompts:\n  - {id: thoughts, text: Anything weighing on you?, risk: true}\n"
    )
    result = run("intend", "--no-input", "--answers", "-", input="thoughts: some dark thoughts\n")
    assert result.exit_code == 0, result.output
    # The risk answer is an entry of its own, saved before the flow goes on.
    [part, intention] = sorted((read_entry(p) for p in entry_files(journal)), key=lambda e: e.kind)
    assert (part.kind, part.fields["risk"], part.fields["during"]) == ("checkin", True, "intend")
    assert part.sections[0].text == "some dark thoughts"
    assert intention.kind == "intention" and "risk" not in intention.fields
    part_saved_at = result.stdout.index(f"Saved: {part.path}")
    assert part_saved_at < result.stdout.index("988") < result.stdout.index("Saved your intention")
    assert "not monitored" in result.stdout


def test_markup_in_answers_is_stored_and_shown_literally(run, journal: Journal) -> None:
    result = run("intend", input="n\n\n\n\n[red]dose[/red]\n\n[bold]x[/bold]\n\n" + "\n" * 4)
    assert result.exit_code == 0, result.output
    entry = read_entry(entry_files(journal)[0])
    assert entry.fields["dose"] == "[red]dose[/red]"
    assert entry.sections[0].text == "[bold]x[/bold]"
