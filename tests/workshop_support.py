"""Helpers shared by the workshop tests: open a workshop, join it, vote."""

from __future__ import annotations

import itertools

from gapassess.db import workshops
from tests import factories

ITEMS = ["4.1-context-issues", "4.1-climate-relevance", "5.1.1-quality-culture"]
_sid = itertools.count(1)


def open_workshop(db, org, consultant=None, pacing="facilitator", items=None, **kwargs):
    assessment = kwargs.pop("assessment", None) or factories.gen_assessment(db, org)
    workshop = workshops.open_workshop(
        db, assessment, list(items or ITEMS), user=consultant, pacing=pacing, **kwargs
    )
    db.commit()
    return workshop


def join(db, workshop, name="Ana", group=None):
    participant, token = workshops.join(db, workshop, name, group)
    db.commit()
    return participant, token


def sid() -> str:
    return f"sub-{next(_sid):06d}"


def vote_json(client, workshop, token, item_id=ITEMS[0], compliance=2, outcome=1, submission=None):
    """POST a vote as the page's script does, with the participant's cookie."""
    client.set_cookie("gapassess_participant", token, path=f"/w/{workshop.code}/")
    return client.post(
        f"/w/{workshop.code}/vote",
        json={
            "item_id": item_id,
            "compliance": compliance,
            "outcome": outcome,
            "submission_id": submission or sid(),
        },
    )


def agenda_of(html: str) -> list[str]:
    """The item ids the agenda page's opening form would post, in order."""
    import re

    opening = html[html.index('id="ws-open"'):]
    return re.findall(r'<input type="hidden" name="items" value="([^"]+)">', opening)


def disputed_workshop(db, assessment, item_id):
    """A workshop on ``assessment`` whose room disagreed on ``item_id`` (votes 0 and 4)."""
    from gapassess.db import workshop_votes

    workshop = open_workshop(db, assessment.organisation, assessment=assessment,
                             items=[item_id])
    for name, level in (("Ana", 0), ("Ben", 4)):
        participant, _token = join(db, workshop, name)
        workshop_votes.record_vote(db, workshop, participant, item_id, compliance=level,
                                   outcome=level, submission_id=sid())
    return workshop
