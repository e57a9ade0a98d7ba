"""Carried answers in the database: copy forward, confirming, the save rules that follow a
change (confirmation, evidence date), and discarding a started assessment."""

import pytest

from gapassess.db import audit, carry
from gapassess.db.models import Assessment, Response
from gapassess.db.responses import EditConflict, save_response
from tests import factories

BANK_VERSION = "1.0"


@pytest.fixture
def earlier(db, org_with_people):
    org, _, _ = org_with_people
    source = factories.gen_assessment(db, org, title="Gap 2025",
                                      questionnaire_version=BANK_VERSION)
    save_response(db, source, "4.1-context-issues",
                  {"compliance": 3, "outcome": 2, "evidence": "Strategy paper", "owner": "Ann"},
                  user=None)
    save_response(db, source, "5.1.1-qms-accountability", {"compliance": 1}, user=None)
    db.commit()
    return source


def test_copy_carries_every_answer_to_confirm_and_leaves_the_source_alone(db, earlier):
    new = carry.start_from(db, earlier, title="Gap 2026")
    db.commit()
    rows = {r.item_id: r for r in db.query(Response).filter_by(assessment_id=new.id)}
    assert set(rows) == {"4.1-context-issues", "5.1.1-qms-accountability"}
    first = rows["4.1-context-issues"]
    assert (first.compliance, first.outcome, first.evidence, first.owner) == (
        3, 2, "Strategy paper", "Ann")
    assert first.to_confirm
    assert first.carried_from == f"Gap 2025 (no. {earlier.id}), item 4.1-context-issues"
    assert first.carried_at is not None and first.evidence_at is not None
    assert new.origin_id == earlier.id and new.origin_kind == "copy"
    assert new.baseline_id == earlier.id
    assert not any(r.to_confirm for r in db.query(Response).filter_by(assessment_id=earlier.id))
    created = audit.history(db, "response", f"{new.id}:4.1-context-issues")
    assert created[0].action == "create" and created[0].after["carried_from"]
    counts = carry.carried_counts(db, new.id)
    assert (counts.answered, counts.carried, counts.to_confirm) == (2, 2, 2)


def test_a_new_rating_confirms_a_carried_answer_and_a_note_does_not(db, earlier):
    new = carry.start_from(db, earlier, title="Gap 2026")
    db.commit()
    item = "4.1-context-issues"
    noted = save_response(db, new, item, {"notes": "looked at"}, user=None, expected_version=1)
    assert noted.to_confirm
    rated = save_response(db, new, item, {"compliance": 4}, user=None, expected_version=2)
    db.commit()
    assert not rated.to_confirm
    event = audit.history(db, "response", f"{new.id}:{item}")[0]
    assert event.before["to_confirm"] is True and event.after["to_confirm"] is False
    assert carry.unconfirmed_ids(db, new.id) == {"5.1.1-qms-accountability"}


def test_confirming_as_is_records_it_and_guards_the_version(db, earlier):
    new = carry.start_from(db, earlier, title="Gap 2026")
    db.commit()
    with pytest.raises(EditConflict):
        carry.confirm(db, new, ["5.1.1-qms-accountability"], user=None,
                      expected_versions={"5.1.1-qms-accountability": 7})
    both = ["5.1.1-qms-accountability", "4.1-context-issues"]
    assert carry.confirm(db, new, both, user=None) == sorted(both)
    db.commit()
    assert carry.unconfirmed_ids(db, new.id) == set()
    events = audit.history(db, "response", f"{new.id}:5.1.1-qms-accountability")
    assert events[0].action == "confirm"
    assert carry.confirm(db, new, ["5.1.1-qms-accountability"], user=None) == []  # already done


def test_evidence_is_dated_when_it_changes(db, earlier):
    row = db.query(Response).filter_by(assessment_id=earlier.id,
                                       item_id="5.1.1-qms-accountability").one()
    assert row.evidence_at is None
    save_response(db, earlier, "5.1.1-qms-accountability", {"evidence": "Policy v3"}, user=None,
                  expected_version=1)
    assert row.evidence_at is not None
    dated = row.evidence_at
    save_response(db, earlier, "5.1.1-qms-accountability", {"notes": "n"}, user=None,
                  expected_version=2)
    assert row.evidence_at == dated
    save_response(db, earlier, "5.1.1-qms-accountability", {"evidence": ""}, user=None,
                  expected_version=3)
    assert row.evidence_at is None


def test_discard_undoes_a_copy_only(db, earlier):
    new = carry.start_from(db, earlier, title="Gap 2026")
    db.commit()
    assert carry.started_from(db, earlier) == [new]
    with pytest.raises(carry.CannotCarry):
        carry.discard(db, earlier, user=None)
    new_id = new.id
    carry.discard(db, new, user=None)
    db.commit()
    assert db.get(Assessment, new_id) is None
    assert db.query(Response).filter_by(assessment_id=new_id).count() == 0
    assert db.query(Response).filter_by(assessment_id=earlier.id).count() == 2


def test_moving_to_the_same_or_an_unknown_version_is_refused_with_a_reason(db, earlier):
    with pytest.raises(carry.CannotCarry, match="already on version"):
        carry.plan_start(db, earlier, version=BANK_VERSION, kind="move")
    with pytest.raises(carry.CannotCarry, match="not installed"):
        carry.plan_start(db, earlier, version="9.9")


def test_move_to_bank_2_uses_the_shipped_upgrade_file(db, earlier):
    from gapassess.db.roadmap_edits import edits_for, save_edit

    save_edit(db, earlier, "4.1-context-issues/conformity", {"owner": "Ann"}, user=None)
    save_edit(db, earlier, "5.1.1-qms-accountability/conformity", {"owner": "Bo"}, user=None)
    plan = carry.plan_start(db, earlier, version="2.0", kind="move")
    by_id = {c.item_id: c for c in plan.carried}
    assert not by_id["4.1-context-issues"].to_confirm  # equal, and confirmed before
    assert by_id["5.1.1-qms-accountability"].to_confirm  # 2.0 asks for more
    assert plan.unanswered
    moved = carry.start_from(db, earlier, title="Gap 2025 (bank 2.0)", version="2.0",
                             kind="move")
    db.commit()
    assert moved.questionnaire_version == "2.0" and moved.origin_kind == "move"
    assert moved.baseline_id == earlier.baseline_id
    assert earlier.questionnaire_version == BANK_VERSION
    assert set(edits_for(db, moved.id)) == {"4.1-context-issues/conformity"}
    with pytest.raises(carry.CannotCarry, match="older"):
        carry.plan_start(db, moved, version=BANK_VERSION)


def test_a_final_copy_cannot_be_discarded(db, earlier):
    new = carry.start_from(db, earlier, title="Gap 2026")
    new.status = "final"
    db.commit()
    with pytest.raises(carry.CannotCarry, match="final"):
        carry.discard(db, new, user=None)


def test_work_since_started_counts_answers_given_changed_or_confirmed(db, earlier):
    new = carry.start_from(db, earlier, title="Gap 2026")
    db.commit()
    assert not carry.work_since_started(db, new).any
    save_response(db, new, "5.1.1-quality-culture", {"compliance": 1}, user=None)  # new here
    carry.confirm(db, new, ["4.1-context-issues"], user=None)
    db.commit()
    assert carry.work_since_started(db, new).answers == 2


def test_a_workshop_consensus_confirms_even_when_the_room_keeps_the_rating(
        db, earlier, org_with_people):
    from gapassess.db import workshop_votes
    from gapassess.db.workshops import open_workshop

    facilitator = org_with_people[2]["consultant"]
    new = carry.start_from(db, earlier, title="Gap 2026")
    db.commit()
    workshop = open_workshop(db, new, ["4.1-context-issues"], user=facilitator)
    workshop_votes.record_consensus(db, workshop, "4.1-context-issues", compliance=3,
                                    outcome=2, notes="", user=facilitator)
    db.commit()
    assert carry.unconfirmed_ids(db, new.id) == {"5.1.1-qms-accountability"}
    event = audit.history(db, "response", f"{new.id}:4.1-context-issues")[0]
    assert event.after == {"to_confirm": False}


def test_a_move_keeps_roadmap_decisions_on_renamed_equal_items(db, org_with_people):
    from gapassess.db.roadmap_edits import edits_for, save_edit

    org, _, _ = org_with_people
    old = factories.gen_assessment(db, org, questionnaire_version=BANK_VERSION)
    save_response(db, old, "6.2-quality-objectives", {"compliance": 2}, user=None)
    save_edit(db, old, "6.2-quality-objectives/conformity", {"owner": "Cy"}, user=None)
    db.commit()
    moved = carry.start_from(db, old, title="On 2.0", version="2.0", kind="move")
    db.commit()
    edits = edits_for(db, moved.id)
    assert set(edits) == {"6.2.1-quality-objectives/conformity"}
    assert edits["6.2.1-quality-objectives/conformity"].owner == "Cy"


def test_confirming_sends_an_accepted_item_back_to_review(db, earlier, org_with_people):
    from gapassess.db import assignments

    people = org_with_people[2]
    new = carry.start_from(db, earlier, title="Gap 2026")
    item = "4.1-context-issues"
    assignments.act(db, new, item, "assign", user=people["consultant"], role="consultant",
                    assignee=people["assessor"])
    assignments.act(db, new, item, "submit", user=people["assessor"], role="assessor")
    assignments.act(db, new, item, "accept", user=people["consultant"], role="consultant")
    db.commit()
    carry.confirm(db, new, [item], user=people["assessor"])
    db.commit()
    assert assignments.get(db, new.id, item).status == "submitted"


def test_discarding_returns_the_evidence_files_to_remove(db, earlier, tmp_path):
    import io
    from datetime import date

    from gapassess.db import evidence
    from gapassess.db.evidence_store import LocalStore

    store = LocalStore(tmp_path)
    new = carry.start_from(db, earlier, title="Gap 2026")
    db.commit()
    row = evidence.add_file(db, store, assessment=new, item_id="4.1-context-issues",
                            name="a.pdf", stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"),
                            evidence_date=date(2026, 1, 5), expires_on=None, user=None,
                            limits=evidence.Limits())
    db.commit()
    assert carry.work_since_started(db, new).evidence_files == 1
    keys = carry.discard(db, new, user=None)
    db.commit()
    assert keys == [row.storage_key]
    assert evidence.forget_bytes(store, keys) == []
    assert not (tmp_path / row.storage_key).exists()
