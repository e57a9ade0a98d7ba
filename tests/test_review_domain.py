"""The review rule (gapassess.domain.review): the state machine and the final rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gapassess.domain import review
from gapassess.domain.review import ACTIONS, STATUSES, TRANSITIONS, Actor, decide, final_check

ROLES = ("viewer", "assessor", "consultant", None)
PEOPLE = (1, 2, 3)
step = st.tuples(
    st.sampled_from(ACTIONS),
    st.sampled_from(PEOPLE),  # who acts
    st.sampled_from(ROLES),  # their role
    st.sampled_from(PEOPLE),  # whom to assign
    st.sampled_from(ROLES),  # the assignee's role
    st.sampled_from(("", "  ", "Add the register.")),
)


@given(st.lists(step, max_size=30))
def test_no_sequence_of_actions_leaves_the_table(steps):
    """Whatever is tried, the status only ever moves along TRANSITIONS, an allowed action
    lands where the table says, and a refused one changes nothing and says why."""
    status, assignee = "unassigned", None
    for action, who, role, target, target_role, comment in steps:
        decision = decide(status, action, Actor(who, role),
                          assignee_id=target if action == "assign" else assignee,
                          assignee_role=target_role, comment=comment)
        if decision.allowed:
            expected = TRANSITIONS.get((status, action), status)
            assert decision.status == expected
            assert (status, action) in TRANSITIONS or action == "change"
            if action == "assign":
                assert role in review.MANAGER_ROLES and target_role in review.ANSWER_ROLES
                assignee = target
            if action == "unassign":
                assignee = None
            if action == "submit":
                assert who == assignee
            if action in ("accept", "return"):
                assert role in review.MANAGER_ROLES and who != assignee
            if action == "return":
                assert comment.strip()
        else:
            assert decision.status == status
            assert decision.refused.strip()
        status = decision.status
        assert status in STATUSES


def test_every_pair_outside_the_table_is_refused_with_a_reason():
    manager, other = Actor(1, "consultant"), Actor(2, "assessor")
    for status in STATUSES:
        for action in ACTIONS:
            actor = other if action == "submit" else manager
            decision = decide(status, action, actor, assignee_id=2, assignee_role="assessor",
                              comment="why")
            if (status, action) in TRANSITIONS or action == "change":
                assert decision.allowed, (status, action, decision.refused)
            else:
                assert not decision.allowed and decision.refused, (status, action)


def test_an_accepted_answer_that_changes_goes_back_to_review():
    assert review.after_change("accepted") == "submitted"
    for status in ("unassigned", "assigned", "submitted", "returned"):
        assert review.after_change(status) == status


@pytest.mark.parametrize(("role", "reason"), [
    ("assessor", ""), ("consultant", ""), ("consultant", "   "),
])
def test_final_is_refused_while_an_applicable_item_is_open(role, reason):
    check = final_check(["a", "b", "c"], ["c"], {"a": "accepted", "b": "submitted"},
                        role=role, override_reason=reason)
    assert not check.allowed and check.refused
    assert check.applicable == 2 and check.accepted == 1 and check.open_items == ("b",)


def test_final_is_allowed_when_every_applicable_item_is_accepted_or_with_a_reason():
    done = final_check(["a", "b"], ["b"], {"a": "accepted"}, role="consultant")
    assert done.allowed and done.override_reason == ""
    forced = final_check(["a", "b"], [], {"a": "accepted"}, role="consultant",
                         override_reason=" The board meets on Friday. ")
    assert forced.allowed and forced.override_reason == "The board meets on Friday."
    too_long = final_check(["a"], [], {}, role="consultant", override_reason="x" * 2001)
    assert not too_long.allowed and "2000" in too_long.refused


def test_an_unknown_status_or_action_is_a_programming_error():
    with pytest.raises(ValueError):
        decide("lost", "assign", Actor(1, "consultant"))
    with pytest.raises(ValueError):
        decide("assigned", "approve", Actor(1, "consultant"))


def test_nobody_accepts_an_answer_they_changed_last():
    reviewer = Actor(1, "consultant")
    refused = decide("submitted", "accept", reviewer, assignee_id=2, changed_by_id=1)
    assert not refused.allowed and "changed this answer last" in refused.refused
    assert decide("submitted", "accept", reviewer, assignee_id=2, changed_by_id=2).allowed
    assert decide("submitted", "return", reviewer, assignee_id=2, changed_by_id=1,
                  comment="look again").allowed


def test_open_items_work_order_and_what_stands_before_final():
    assert [s for s in STATUSES if review.is_open(s)] == ["assigned", "returned"]
    assert sorted(STATUSES, key=review.work_rank) == [
        "returned", "assigned", "submitted", "accepted", "unassigned"]
    assert set(review.REVIEW_ACTIONS) <= set(ACTIONS)
    assert review.stands_before_final("submitted", False)
    assert not review.stands_before_final("accepted", False)
    assert not review.stands_before_final("unassigned", True)
    check = final_check(["a", "b", "c"], ["c"], {"a": "accepted", "b": "submitted"},
                        role="consultant")
    assert check.open_items == ("b",)
