"""Saving answers: audit events for every change and no silent overwrite."""

import pytest

from gapassess.db import audit
from gapassess.db.responses import EditConflict, save_response, update_assessment
from tests import factories


@pytest.fixture
def assessment(db, org_with_people):
    org, _, _ = org_with_people
    a = factories.gen_assessment(db, org)
    db.commit()
    return a


def test_create_and_update_write_audit_events(db, assessment, org_with_people):
    _, _, people = org_with_people
    user = people["assessor"]
    first = save_response(db, assessment, "4.1-context-issues", {"compliance": 1}, user=user)
    db.commit()
    assert first.version == 1
    second = save_response(
        db, assessment, "4.1-context-issues", {"compliance": 3, "notes": "<b>&</b>"},
        user=user, expected_version=1,
    )
    db.commit()
    assert second.version == 2
    events = audit.history(db, "response", f"{assessment.id}:4.1-context-issues")
    assert [e.action for e in events] == ["update", "create"]
    assert events[0].before == {"compliance": 1, "notes": ""}
    assert events[0].after == {"compliance": 3, "notes": "<b>&</b>"}
    assert events[0].user_id == user.id and events[0].organisation_id == assessment.organisation_id


def test_saving_identical_values_records_nothing(db, assessment):
    save_response(db, assessment, "4.2-x", {"compliance": 2}, user=None)
    db.commit()
    again = save_response(db, assessment, "4.2-x", {"compliance": 2}, user=None, expected_version=1)
    db.commit()
    assert again.version == 1
    assert len(audit.history(db, "response", f"{assessment.id}:4.2-x")) == 1


def test_stale_version_raises_conflict_with_both_versions(db, assessment):
    save_response(db, assessment, "5.1-x", {"outcome": 1}, user=None)
    save_response(db, assessment, "5.1-x", {"outcome": 2}, user=None, expected_version=1)
    db.commit()
    with pytest.raises(EditConflict) as caught:
        save_response(db, assessment, "5.1-x", {"outcome": 4}, user=None, expected_version=1)
    assert caught.value.theirs["outcome"] == 2
    assert caught.value.yours == {"outcome": 4}
    assert caught.value.current_version == 2
    db.rollback()
    stored = save_response(db, assessment, "5.1-x", {}, user=None)
    assert stored.outcome == 2


@pytest.mark.parametrize(
    "bad", [{"compliance": 5}, {"outcome": -1}, {"compliance": 2.5}, {"outcome": True}]
)
def test_levels_outside_the_scale_are_refused(db, assessment, bad):
    with pytest.raises(ValueError, match="0 to 4"):
        save_response(db, assessment, "6.1-x", bad, user=None)


def test_assessment_changes_are_audited(db, assessment):
    update_assessment(db, assessment, {"status": "final", "title": "Final review"}, user=None)
    db.commit()
    events = audit.history(db, "assessment", assessment.id)
    assert events[0].action == "update"
    assert events[0].after == {"status": "final", "title": "Final review"}
    assert events[-1].action == "create"


def test_unknown_assessment_fields_are_refused_and_nothing_recorded(db, assessment):
    with pytest.raises(ValueError, match="unknown assessment fields: colour"):
        update_assessment(db, assessment, {"colour": "red"}, user=None)
    assert [e.action for e in audit.history(db, "assessment", assessment.id)] == ["create"]


def test_audit_entity_of_an_answer_is_assessment_and_item(db, assessment):
    save_response(db, assessment, "7.1-x", {"compliance": 1}, user=None)
    save_response(db, assessment, "7.1-x", {"compliance": 2}, user=None, expected_version=1)
    db.commit()
    entity = audit.response_entity(assessment.id, "7.1-x")
    assert entity == f"{assessment.id}:7.1-x"
    assert [e.action for e in audit.history(db, "response", entity)] == ["update", "create"]
