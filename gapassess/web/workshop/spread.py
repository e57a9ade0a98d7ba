"""The spread of workshop votes per item, for pages outside the workshop (results).

Usage in a view::

    from gapassess.web.workshop.spread import spreads_for
    workshop_spreads = spreads_for(get_session(), assessment.id)   # item id -> dict

and in its template, per item::

    {% set spread = workshop_spreads.get(item.item_id) %}
    {% include "workshop/_spread.html" %}

The page should link ``static/workshop.css`` for the bar styles.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from gapassess.db.workshop_votes import votes_for_assessment
from gapassess.domain.workshop import disagreement_threshold, item_spread


def spreads_for(session: Session, assessment_id: int) -> dict[str, dict]:
    """Item id -> spread dict (compliance, outcome, voters, disagreement) plus ``names``:
    [(name, compliance, outcome)] for votes from workshops that show names, else []."""
    threshold = disagreement_threshold()
    out: dict[str, dict] = {}
    for item_id, rows in votes_for_assessment(session, assessment_id).items():
        spread = item_spread([(c, o) for _, c, o in rows], threshold).to_dict()
        spread["names"] = [row for row in rows if row[0] is not None]
        out[item_id] = spread
    return out
