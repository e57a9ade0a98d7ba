"""The results drill-down shows the spread of workshop votes per item."""

import re

from gapassess.db import workshop_votes, workshops
from tests.workshop_support import ITEMS, join, open_workshop, sid


def _vote(db, workshop, participant, compliance, outcome, item_id=ITEMS[0]):
    workshop_votes.record_vote(db, workshop, participant, item_id, compliance=compliance,
                               outcome=outcome, submission_id=sid())


def _drill_down(client, workshop):
    page = client.get(f"/assessments/{workshop.assessment_id}/results/clauses/4")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_spread_and_discussion_flag_shown_per_item(client, db, login_as, org_with_people):
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    ana, _ = join(db, workshop, "Ana")
    ben, _ = join(db, workshop, "Ben")
    _vote(db, workshop, ana, 0, 1)
    _vote(db, workshop, ben, 4, 1)  # compliance range 4: beyond the disagreement threshold
    login_as("viewer")
    page = _drill_down(client, workshop)
    assert re.search(r"Workshop: 2 votes\s*<span class=\"ws-flag\">Discussion point", page)
    assert page.count("Workshop: ") == 1  # only the item that was voted on


def test_removed_participants_do_not_count(client, db, login_as, org_with_people):
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    ana, _ = join(db, workshop, "Ana")
    ben, _ = join(db, workshop, "Ben")
    _vote(db, workshop, ana, 2, 2)
    _vote(db, workshop, ben, 2, 3)
    workshops.remove_participant(db, workshop, ben.id, user=people["consultant"])
    db.commit()
    login_as("viewer")
    page = _drill_down(client, workshop)
    assert "Workshop: 1 vote" in page and "Discussion point" not in page
