"""What one autosave costs the database, and the shortcuts that keep it cheap.

The statement count of an autosave is pinned, so a change that adds a query to every edit
(a second read of the answer, answers loaded as objects, a lazy load) fails here instead of
only showing in the benchmark.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from gapassess.db import responses
from gapassess.web.services import banks as bank_module
from gapassess.web.services.progress import (
    FILLED,
    JUSTIFIED_NOT_APPLICABLE,
    RATED,
    Progress,
    answer_flags,
    clause_progress,
    item_status,
)
from tests.web_pages import ITEM, NA_ITEM

pytest_plugins = ("tests.web_bank",)

# Loading the user, the access check (assessment, organisation and role in one query),
# reading the item's answer, the version-guarded UPDATE and the audit INSERT. Neither the
# history nor progress is read: the response carries the change just recorded and the
# item's status, and the page updates both. Then one read of the item's review status (an
# accepted answer that changes goes back to review). COMMIT is not a statement here.
MAX_UPDATE_STATEMENTS = 6
# A first answer: the same, with an INSERT of the answer instead of the UPDATE.
MAX_CREATE_STATEMENTS = 6


@contextmanager
def statements(app):
    """Every SQL statement the app's engine runs inside the block, whitespace squeezed.

    The block gets an app context of its own, so a request in it starts from nothing (its
    own session, the user loaded again), as every request of the real server does, rather
    than sharing the test's session.
    """
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split()))

    engine = app.extensions["gapassess.engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        with app.app_context():
            yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _url(assessment, item_id=ITEM):
    return f"/assessments/{assessment.id}/items/{item_id}/answer"


def _listing(seen: list[str]) -> str:
    return f"{len(seen)} statements:\n" + "\n".join(s[:120] for s in seen)


def test_an_autosave_update_issues_a_bounded_set_of_statements(app, client, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    assert client.post(_url(mine), json={"version": 0, "values": {"compliance": 2}}).status_code
    with statements(app) as seen:
        saved = client.post(
            _url(mine), json={"version": 1, "values": {"compliance": 3, "notes": "Checked"}}
        )
    assert saved.status_code == 200 and saved.get_json()["version"] == 2
    assert len(seen) <= MAX_UPDATE_STATEMENTS, _listing(seen)
    writes = [" ".join(s.split()[:3]) for s in seen if not s.startswith("SELECT")]
    assert writes == ["UPDATE response SET", "INSERT INTO audit_event"], _listing(seen)
    answer_reads = [s for s in seen if s.startswith("SELECT") and " FROM response" in s]
    assert len(answer_reads) == 1, _listing(seen)  # the item's answer, once
    whole_answers = [s for s in answer_reads if s.startswith("SELECT response.id,")]
    assert len(whole_answers) == 1 and "response.item_id =" in whole_answers[0], _listing(seen)
    assert sum("FROM organisation" in s or "JOIN organisation" in s for s in seen) == 1
    assert sum(s.startswith("SELECT user_account.") for s in seen) == 1


def test_a_first_answer_costs_no_more(app, client, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    with statements(app) as seen:
        saved = client.post(_url(mine), json={"version": 0, "values": {"outcome": 1}})
    assert saved.status_code == 200 and saved.get_json()["version"] == 1
    assert len(seen) <= MAX_CREATE_STATEMENTS, _listing(seen)
    assert [s for s in seen if s.startswith("INSERT INTO response")], _listing(seen)


def test_conflicts_are_still_detected_on_the_cheap_path(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("assessor")
    client.post(_url(mine), json={"version": 0, "values": {"compliance": 1}})
    client.post(_url(mine), json={"version": 1, "values": {"compliance": 2}})
    stale = client.post(_url(mine), json={"version": 1, "values": {"compliance": 4}})
    assert stale.status_code == 409
    assert stale.get_json()["current_version"] == 2
    db.expire_all()
    assert responses.get_response(db, mine.id, ITEM).compliance == 2


ANSWERS = {
    # item id -> values saved; together they reach every progress bit
    ITEM: {"compliance": 0},  # a lone level 0 is an answer begun
    NA_ITEM: {"not_applicable": True, "justification": "No outside parties"},
    "4.4-process-map": {"compliance": 3, "outcome": 0},
    "5.1.1-leadership-culture": {"notes": "Ask the board"},
    "10.2-nonconformity-handling": {"not_applicable": True, "justification": "   "},
}


def test_progress_bits_statuses_and_counts(bank):
    assert {i: answer_flags(v) for i, v in ANSWERS.items()} == {
        ITEM: FILLED,
        NA_ITEM: FILLED | JUSTIFIED_NOT_APPLICABLE,
        "4.4-process-map": FILLED | RATED,
        "5.1.1-leadership-culture": FILLED,
        "10.2-nonconformity-handling": FILLED,
    }
    statuses = {i: item_status(bank.item(i), v) for i, v in ANSWERS.items()}
    assert statuses == {
        ITEM: "started",
        NA_ITEM: "done",
        "4.4-process-map": "done",
        "5.1.1-leadership-culture": "started",
        "10.2-nonconformity-handling": "started",  # blank justification: not done
    }
    per_clause, overall = clause_progress(bank, ANSWERS)
    assert (overall.done, overall.started, overall.total) == (2, 3, len(bank.items))
    assert sum(p.done for p in per_clause.values()) == 2
    assert per_clause[bank.item(NA_ITEM).top_clause].done >= 1


def test_percentages_round_halves_up_as_the_page_does():
    assert [Progress(1, 0, 8).percent, Progress(1, 0, 40).percent, Progress(0, 0, 0).percent] == [
        13, 3, 0
    ]


def test_a_lone_level_zero_counts_as_started(client, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    body = client.post(_url(mine), json={"version": 0, "values": {"compliance": 0}}).get_json()
    assert body["status"] == "started"


def test_an_edited_bank_file_is_seen_on_the_next_load(tmp_path, monkeypatch):
    """One cache policy for banks: reused while its files are unchanged, read again as soon
    as one changes (no grace period in which a page shows the old bank)."""
    import yaml

    from tests.web_pages import BANK, BANK_ID

    folder = tmp_path / "banks"
    folder.mkdir()
    path = folder / f"{BANK_ID}.yaml"
    path.write_text(yaml.safe_dump(BANK, sort_keys=False))
    monkeypatch.setenv("GAPASSESS_QUESTIONNAIRES_PATH", str(folder))
    version = BANK["version"]
    first = bank_module.load_bank(BANK_ID, version)
    assert bank_module.load_bank(BANK_ID, version) is first  # unchanged: the same object
    path.write_text(yaml.safe_dump({**BANK, "title": "Web test bank, edited"}, sort_keys=False))
    assert bank_module.load_bank(BANK_ID, version).title == "Web test bank, edited"


def test_a_bank_that_fails_to_load_is_not_remembered(monkeypatch, bank, assessments):
    mine, _ = assessments

    def missing(qid, version):
        raise KeyError(qid)

    monkeypatch.setattr(bank_module, "questionnaire_for", missing)
    with pytest.raises(bank_module.BankUnavailable, match="not installed"):
        bank_module.bank_for(mine)
    monkeypatch.setattr(bank_module, "questionnaire_for", lambda qid, version: bank)
    assert bank_module.bank_for(mine) is bank
