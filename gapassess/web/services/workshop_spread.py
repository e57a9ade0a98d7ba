"""The spread of workshop votes per item, for the workshop pages and the results pages.

Usage in a view::

    from gapassess.web.services.workshop_spread import spreads_for
    workshop_spreads = spreads_for(get_session(), assessment)   # item id -> dict

and in its template, per item::

    {% set spread = workshop_spreads.get(item.item_id) %}
    {% include "workshop/_spread.html" %}

The page should link ``static/workshop.css`` for the bar styles. The disagreement threshold
is the organisation's scoring model's (``workshop.disagreement_threshold``).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from gapassess.db.workshop_votes import group_votes_for_assessment, votes_for_assessment
from gapassess.domain.workshop import item_spread
from gapassess.web.services.scoring_models import model_for


def disagreement_threshold(assessment) -> int:
    """The disagreement threshold of the scoring model that applies to ``assessment``."""
    return model_for(assessment.organisation).workshop.disagreement_threshold


def min_group_size(assessment) -> int:
    """The fewest votes a group needs to be shown apart, from the scoring model that applies
    to ``assessment`` (``workshop.min_group_size``): what the join and agenda pages promise."""
    return model_for(assessment.organisation).workshop.min_group_size


def spread_dicts(votes: dict[str, list], threshold: int) -> dict[str, dict]:
    """Spread of every item in ``votes`` (item id -> [(name, compliance, outcome)])."""
    return {
        item_id: item_spread([(c, o) for _, c, o in rows], threshold).to_dict()
        for item_id, rows in votes.items()
    }


def spreads_for(session: Session, assessment) -> dict[str, dict]:
    """Item id -> spread dict (compliance, outcome, voters, disagreement) plus ``names``:
    [(name, compliance, outcome)] for votes from workshops that show names, else [], and
    ``by_group``: the per-group spread (gapassess.domain.workshop_groups.GroupSpreads)."""
    votes = votes_for_assessment(session, assessment.id)
    out = spread_dicts(votes, disagreement_threshold(assessment))
    model = model_for(assessment.organisation)
    by_group = group_votes_for_assessment(session, assessment.id)
    for item_id, rows in votes.items():
        out[item_id]["names"] = [row for row in rows if row[0] is not None]
        out[item_id]["by_group"] = model.group_spreads(by_group.get(item_id, []))
    return out


def perception_gaps_for(session: Session, assessment, questionnaire) -> list:
    """The assessment's perception gaps (gapassess.domain.workshop_groups.ItemGap), in the
    order of ``questionnaire``'s items."""
    votes = group_votes_for_assessment(session, assessment.id)
    order = [item.id for item in questionnaire.items]
    return model_for(assessment.organisation).perception_gaps(votes, order)
