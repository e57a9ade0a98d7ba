"""Votes are never lost or doubled: idempotent retries, replacement, closing, removal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gapassess.db import audit, workshop_votes, workshops
from gapassess.db.inputs import load_report_inputs, votes_for
from gapassess.db.models import Response, Vote, VoteSubmission
from tests import factories
from tests.workshop_support import ITEMS, join, open_workshop


def _vote(db, workshop, participant, item=ITEMS[0], c=2, o=1, submission="s1"):
    return workshop_votes.record_vote(
        db, workshop, participant, item, compliance=c, outcome=o, submission_id=submission
    )


def _count(db, model=Vote):
    return db.scalar(select(func.count()).select_from(model))


def test_same_submission_twice_is_one_vote(db, org_with_people):
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    ana, _ = join(db, workshop)
    first = _vote(db, workshop, ana, submission="abc")
    again = _vote(db, workshop, ana, submission="abc")
    assert first.applied and not again.applied
    assert (again.compliance, again.outcome) == (2, 1)
    assert _count(db) == 1 and _count(db, VoteSubmission) == 1


def test_changed_vote_replaces_the_earlier_one(db, org_with_people):
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    ana, _ = join(db, workshop)
    _vote(db, workshop, ana, c=1, o=1, submission="one")
    _vote(db, workshop, ana, c=3, o=4, submission="two")
    late_retry = _vote(db, workshop, ana, c=1, o=1, submission="one")
    assert not late_retry.applied
    rows = db.execute(select(Vote.compliance, Vote.outcome)).all()
    assert rows == [(3, 4)]  # the stale retry of "one" did not undo "two"


@pytest.mark.parametrize(
    "upsert", [True, False], ids=["upsert-replaces-without-looking", "read-then-write-retries"]
)
def test_a_racing_insert_is_retried_as_an_update(db, org_with_people, monkeypatch, upsert):
    """A rival request inserts the same vote after we looked for it and before we insert.

    SQLite and PostgreSQL replace it in one upsert; the path for other databases looks
    first, so it is made to miss the rival once and must retry as an update.
    """
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    ana, _ = join(db, workshop)
    rival = workshop_votes.Vote(
        workshop_id=workshop.id, participant_id=ana.id, item_id=ITEMS[0],
        compliance=0, outcome=0, submission_id="rival",
    )
    db.add(rival)
    db.commit()
    real_find = workshop_votes._find_vote_id
    looks = []

    def find_too_early(*args):
        looks.append(1)
        return None if len(looks) == 1 else real_find(*args)  # first look misses the rival

    monkeypatch.setattr(workshop_votes, "_find_vote_id", find_too_early)
    if not upsert:
        monkeypatch.setitem(workshop_votes._UPSERTS, db.get_bind().dialect.name, None)
    result = _vote(db, workshop, ana, c=4, o=3, submission="mine")
    assert result.applied and len(looks) == (0 if upsert else 2)
    db.expire_all()
    assert db.execute(select(Vote.compliance, Vote.outcome, Vote.submission_id)).all() == [
        (4, 3, "mine")
    ]
    assert _count(db, VoteSubmission) == 1  # the failed attempt left no trace


def test_closing_keeps_votes_and_refuses_new_ones(db, org_with_people):
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    ana, _ = join(db, workshop)
    bo, _ = join(db, workshop, "Bo")
    _vote(db, workshop, ana, submission="a")
    _vote(db, workshop, bo, c=4, submission="b")
    workshops.close_workshop(db, workshop, user=people["consultant"])
    db.commit()
    with pytest.raises(workshops.WorkshopClosed):
        _vote(db, workshop, ana, c=0, submission="c")
    with pytest.raises(workshops.WorkshopClosed):
        workshops.join(db, workshop, "Late")
    assert sorted(db.scalars(select(Vote.compliance))) == [2, 4]
    assert _count(db, VoteSubmission) == 2


def test_removed_participant_is_refused_and_no_longer_counted(db, org_with_people):
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    ana, _ = join(db, workshop)
    bo, _ = join(db, workshop, "Bo")
    _vote(db, workshop, ana, c=1, submission="a")
    _vote(db, workshop, bo, c=4, submission="b")
    workshops.remove_participant(db, workshop, bo.id, user=people["consultant"])
    db.commit()
    with pytest.raises(workshops.ParticipantRemoved):
        _vote(db, workshop, bo, c=0, submission="c")
    assert _count(db) == 2  # kept in the database ...
    assert workshop_votes.item_votes(db, workshop, ITEMS[0]) == [("Ana", 1, 1)]  # ... not counted
    assert workshop_votes.excluded_votes(db, workshop) == 1


def test_votes_per_workshop_keep_rooms_apart_and_leave_removed_people_out(db, org_with_people):
    org, _, people = org_with_people
    first = open_workshop(db, org, people["consultant"])
    second = open_workshop(db, org, people["consultant"], assessment=first.assessment)
    elsewhere = open_workshop(db, org, people["consultant"])  # another assessment
    ana, _ = join(db, first)
    bo, _ = join(db, first, "Bo")
    cy, _ = join(db, second, "Cy")
    dee, _ = join(db, elsewhere, "Dee")
    _vote(db, first, ana, c=1, o=None, submission="a")
    _vote(db, first, bo, c=4, submission="b")
    _vote(db, first, ana, item=ITEMS[1], c=None, o=None, submission="a2")  # rated nothing
    _vote(db, second, cy, c=3, o=3, submission="c")
    _vote(db, elsewhere, dee, c=0, submission="d")
    workshops.remove_participant(db, first, bo.id, user=people["consultant"])
    db.commit()
    assert workshop_votes.votes_per_workshop(db, first.assessment_id) == {
        first.id: {ITEMS[0]: [(1, None)]},
        second.id: {ITEMS[0]: [(3, 3)]},
    }


@pytest.mark.parametrize(
    ("item", "c", "submission", "message"),
    [
        ("9.9-not-in-workshop", 2, "x", "not part of this workshop"),
        (ITEMS[0], 5, "x", "0 to 4"),
        (ITEMS[0], 2, "", "submission id"),
        (ITEMS[0], 2, "x" * 65, "submission id"),
    ],
)
def test_bad_votes_are_refused_with_a_message(db, org_with_people, item, c, submission, message):
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    ana, _ = join(db, workshop)
    with pytest.raises(workshops.WorkshopError, match=message):
        _vote(db, workshop, ana, item=item, c=c, submission=submission)
    assert _count(db) == 0


def test_votes_for_feeds_the_report_with_names_only_when_allowed(db, org_with_people):
    org, _, people = org_with_people
    assessment = factories.gen_assessment(db, org)
    assert votes_for(db, assessment.id) is None
    anonymous = open_workshop(db, org, assessment=assessment)
    named = open_workshop(db, org, assessment=assessment, show_names=True, items=ITEMS[:1])
    ana, _ = join(db, anonymous, "Ana")
    bo, _ = join(db, named, "Bo")
    _vote(db, anonymous, ana, c=1, o=0, submission="a")
    _vote(db, anonymous, ana, item=ITEMS[1], c=3, o=None, submission="b")
    _vote(db, named, bo, c=4, o=2, submission="c")
    other = open_workshop(db, org)  # another assessment's workshop stays out
    cy, _ = join(db, other, "Cy")
    _vote(db, other, cy, c=0, o=0, submission="d")
    votes = votes_for(db, assessment.id)
    assert votes == {ITEMS[0]: [(None, 1, 0), ("Bo", 4, 2)], ITEMS[1]: [(None, 3, None)]}
    assert load_report_inputs(db, assessment.id).votes == votes


def test_consensus_is_saved_to_the_response_with_an_audit_event(db, org_with_people):
    org, _, people = org_with_people
    facilitator = people["consultant"]
    workshop = open_workshop(db, org, facilitator)
    workshop_votes.record_consensus(
        db, workshop, ITEMS[0], compliance=2, outcome=1, notes="Agreed after debate",
        user=facilitator,
    )
    db.commit()
    response = db.scalar(select(Response).where(Response.item_id == ITEMS[0]))
    assert (response.compliance, response.outcome, response.notes) == (2, 1, "Agreed after debate")
    assert response.updated_by_id == facilitator.id
    events = audit.history(db, "response", f"{workshop.assessment_id}:{ITEMS[0]}")
    assert events[0].user_id == facilitator.id and events[0].actor == facilitator.name
    assert events[0].after["compliance"] == 2
    assert workshop_votes.consensus_for(db, workshop)[ITEMS[0]].notes == "Agreed after debate"


def test_join_codes_are_short_and_unambiguous(db, org_with_people):
    org, _, _ = org_with_people
    codes = {open_workshop(db, org).code for _ in range(5)}
    assert len(codes) == 5
    for code in codes:
        assert len(code) == workshops.CODE_LENGTH
        assert not set(code) & set("0O1IL2Z5S8B")
        assert workshops.find_by_code(db, f" {code[:3].lower()}-{code[3:]} ").code == code


def test_concurrent_submissions_neither_lose_nor_double_votes(app, db, org_with_people):
    """Threads with their own sessions race on the same participant, item and ids."""
    from concurrent.futures import ThreadPoolExecutor

    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    members = [join(db, workshop, f"P{n}")[0] for n in range(4)]
    ids = [(m.id, item) for m in members for item in ITEMS]
    sessions = app.extensions["gapassess.sessions"]

    def submit(args):
        (participant_id, item), copy = args
        with sessions() as session:
            ws = session.get(workshops.Workshop, workshop.id)
            person = session.get(workshop_votes.Participant, participant_id)
            return workshop_votes.record_vote(
                session, ws, person, item, compliance=copy % 5, outcome=1,
                submission_id=f"{participant_id}-{item}-{copy % 2}",
            )

    jobs = [(key, copy) for key in ids for copy in range(4)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(submit, jobs))
    applied = sum(r.applied for r in results)
    assert applied == 2 * len(ids)  # two distinct ids per vote, each applied exactly once
    assert _count(db) == len(ids)
    assert _count(db, VoteSubmission) == applied


def test_a_token_finds_its_participant_only_in_its_own_workshop(db, org_with_people):
    org, _, people = org_with_people
    first = open_workshop(db, org, people["consultant"])
    second = open_workshop(db, org, people["consultant"])
    ana, token = join(db, first)
    assert workshops.find_with_participant(db, first.code, token) == (first, ana)
    assert workshops.find_with_participant(db, first.code.lower(), token) == (first, ana)
    assert workshops.find_with_participant(db, second.code, token) == (second, None)
    assert workshops.find_with_participant(db, first.code, None) == (first, None)
    assert workshops.find_with_participant(db, first.code, "forged") == (first, None)
    assert workshops.find_with_participant(db, "ZZZZZZ", token) == (None, None)
