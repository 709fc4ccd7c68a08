"""`kjournal integrate`: linked to the right session, shows the intention, asks before repeating."""

from __future__ import annotations

from kjournal.journal.store import Journal, read_entry
from tests.helpers import entry_files, make_entry

# mood, anxiety, side effects (skipped), then eight multi-line reflections (each skipped or ended
# with an empty line)
REFLECT = "7\n3\n\nwarm hands\n\n" + "\n" * 7


def integrations(journal: Journal):
    return [e for e in map(read_entry, entry_files(journal)) if e.kind == "integration"]


def test_integrate_links_to_the_waiting_session_and_shows_its_intention(run, journal) -> None:
    make_entry(journal, "intention", "2026-01-05 09:00", 1, text="to grieve my father")
    make_entry(journal, "integration", "2026-01-05 18:00", 1)
    make_entry(journal, "intention", "2026-01-12 09:00", 2, text="to be kinder to myself")
    result = run("integrate", input=REFLECT)
    assert result.exit_code == 0, result.output
    assert "to be kinder to myself" in result.stdout
    assert "to grieve" not in result.stdout
    assert result.stdout.index("to be kinder") < result.stdout.index("relate to your intention")
    latest = max(integrations(journal), key=lambda e: e.created)
    assert latest.session == 2
    assert latest.ratings == {"mood": 7, "anxiety": 3}
    assert latest.sections[0].text == "warm hands"
    assert "Saved your reflection for session 2" in result.stdout


def test_session_option_picks_an_earlier_session(run, journal) -> None:
    make_entry(journal, "intention", "2026-01-05 09:00", 1)
    make_entry(journal, "intention", "2026-01-12 09:00", 2)
    result = run("integrate", "--session", "1", "--no-input")
    assert result.exit_code == 0, result.output
    assert [e.session for e in integrations(journal)] == [1]


def test_unknown_session_is_one_clear_line(run, journal) -> None:
    make_entry(journal, "intention", "2026-01-05 09:00", 1)
    make_entry(journal, "intention", "2026-01-12 09:00", 2)
    result = run("integrate", "--session", "9", "--no-input")
    assert result.exit_code == 1
    assert result.stderr == "kjournal: there is no session 9 (sessions: 1, 2)\n"
    assert integrations(journal) == []


def test_integrate_before_any_intention_points_to_intend(run, journal) -> None:
    result = run("integrate", input=REFLECT)
    assert result.exit_code == 1
    assert "run `kjournal intend` before a session" in result.stderr


def test_integrating_a_session_twice_asks_first(run, journal) -> None:
    make_entry(journal, "intention", "2026-01-05 09:00", 1)
    make_entry(journal, "integration", "2026-01-05 18:00", 1)
    declined = run("integrate", "--session", "1", input="n\n")
    assert declined.exit_code == 1
    assert "already has an integration from 5 January. Write another one?" in declined.stdout
    assert len(integrations(journal)) == 1

    accepted = run("integrate", "--session", "1", input="y\n" + REFLECT)
    assert accepted.exit_code == 0, accepted.output
    assert len(integrations(journal)) == 2


def test_without_input_a_second_integration_needs_again(run, journal) -> None:
    make_entry(journal, "intention", "2026-01-05 09:00", 1)
    make_entry(journal, "integration", "2026-01-05 18:00", 1)
    refused = run("integrate", "--session", "1", "--no-input")
    assert refused.exit_code == 1
    assert "pass --again" in refused.stderr
    assert run("integrate", "--session", "1", "--no-input", "--again").exit_code == 0
    assert len(integrations(journal)) == 2


def test_when_all_sessions_are_integrated_the_message_says_how_to_add_more(run, journal) -> None:
    make_entry(journal, "intention", "2026-01-05 09:00", 1)
    make_entry(journal, "integration", "2026-01-05 18:00", 1)
    result = run("integrate", "--no-input")
    assert result.exit_code == 1
    assert "--session N" in result.stderr


def test_interrupted_integrate_resumes_the_same_session(run, journal) -> None:
    make_entry(journal, "intention", "2026-01-05 09:00", 1)
    make_entry(journal, "intention", "2026-01-12 09:00", 2)
    stopped = run("integrate", "--session", "1", input="5\n")
    assert stopped.exit_code == 130
    resumed = run("integrate", input="y\n" + "\n" * 10)
    assert resumed.exit_code == 0, resumed.output
    [entry] = integrations(journal)
    assert (entry.session, entry.ratings) == (1, {"mood": 5})
