"""The live state the pages poll: plain dicts, turned into JSON with an ETag.

A page sends the ETag of the last state it saw; when nothing changed it gets
``304 Not Modified`` and an empty body.
"""

from __future__ import annotations

import json

from flask import Response, request
from sqlalchemy.orm import Session

from gapassess.db import workshop_votes, workshops
from gapassess.db.models import Participant, Workshop
from gapassess.domain.workshop import item_spread
from gapassess.web.services.workshop_spread import disagreement_threshold, spread_dicts
from gapassess.web.workshop.items import item_view, questionnaire


def json_state(state: dict) -> Response:
    """``state`` as JSON, 304 when the client already has it; never cached by proxies."""
    body = json.dumps(state, sort_keys=True, separators=(",", ":"))
    response = Response(body, mimetype="application/json")
    response.headers["Cache-Control"] = "no-cache, private"
    response.add_etag()
    response.make_conditional(request)  # turns response itself into a 304 when it can
    return response


def facilitator_state(session: Session, workshop: Workshop) -> dict:
    bank = questionnaire(workshop.assessment)
    votes = workshop_votes.votes_by_item(session, [workshop.id])
    threshold = disagreement_threshold(workshop.assessment)
    by_item = spread_dicts(votes, threshold)
    consensus = workshop_votes.consensus_for(session, workshop)
    counts = workshop_votes.vote_counts(session, workshop)
    current_id = workshops.current_item_id(workshop)
    voted = votes.get(current_id, [])
    empty = item_spread([], threshold).to_dict()
    items = []
    for index, item_id in enumerate(workshop.item_ids):
        spread = by_item.get(item_id, empty)
        view = item_view(bank, item_id)
        items.append({
            "index": index,
            "item_id": item_id,
            "title": view["title"],
            "clause": view["clause"],
            "voters": spread["voters"],
            "disagreement": spread["disagreement"],
            "consensus": item_id in consensus,
        })
    return {
        "status": workshop.status,
        "pacing": workshop.pacing,
        "code": workshop.code,
        "current_index": workshop.current_index,
        "total": len(workshop.item_ids),
        "revealed": workshop.revealed,
        "current": {
            **item_view(bank, current_id),
            "spread": by_item.get(current_id, empty),
            "voted": sorted(name for name, _, _ in voted),
        },
        "items": items,
        "spreads": by_item,
        "participants": [
            {"id": p.id, "name": workshops.participant_label(p.name, ordinal),
             "removed": p.removed_at is not None, "votes": counts.get(p.id, 0)}
            for ordinal, p in enumerate(workshop.participants, start=1)
        ],
        "excluded_votes": workshop_votes.excluded_votes(session, workshop),
    }


def participant_state(session: Session, workshop: Workshop, participant: Participant) -> dict:
    state = {
        "status": workshop.status,
        "pacing": workshop.pacing,
        "name": workshops.label_of(session, participant),
        "total": len(workshop.item_ids),
        "mine": workshop_votes.own_votes(session, participant),
    }
    if workshop.is_open and workshop.pacing == "facilitator":
        bank = questionnaire(workshop.assessment)
        state["current_index"] = workshop.current_index
        state["item"] = item_view(bank, workshops.current_item_id(workshop))
    return state
