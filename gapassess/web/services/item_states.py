"""What an assessment knows about its items for the agenda rules (gapassess.domain.agenda):
answered, disputed last time, carried and not yet confirmed, evidence too old. The workshop
agenda pages and the questionnaire's filter page both ask it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gapassess.db import workshop_votes
from gapassess.db.answer_store import responses_by_item, values_of
from gapassess.db.models import utcnow
from gapassess.domain import agenda
from gapassess.domain.agenda import ItemStates
from gapassess.domain.carry import ids_across
from gapassess.web.services.progress import item_status
from gapassess.web.services.workshop_spread import disagreement_threshold


def _upgrade_between(origin, assessment):
    """The upgrade file from the origin's bank version to the assessment's (None when they
    are on the same version, or when no file leads there)."""
    from gapassess.domain.questionnaire import QuestionnaireError
    from gapassess.domain.questionnaire.upgrade import upgrade_for

    if origin.questionnaire_version == assessment.questionnaire_version:
        return None
    try:
        return upgrade_for(assessment.questionnaire_id, origin.questionnaire_version,
                           assessment.questionnaire_version)
    except (KeyError, QuestionnaireError):
        return None


def item_states(session: Session, assessment, bank, stored=None) -> ItemStates:
    """Items answered in ``assessment`` (the progress rule: both axes rated, or not
    applicable with a justification); items disputed in one of its workshops or in one of
    the assessment it was started from ("last time"); carried answers not yet confirmed;
    and answers whose evidence is older than the domain's limit."""
    if stored is None:  # the caller may have read them already (responses_by_item)
        stored = responses_by_item(session, assessment.id)
    stored = {item_id: row for item_id, row in stored.items() if item_id in bank.item_ids}
    answered = frozenset(
        item_id for item_id, row in stored.items()
        if item_status(bank.item(item_id), values_of(row)) == "done"
    )
    disputed = agenda.disputed_items(
        workshop_votes.votes_per_workshop(session, assessment.id).values(),
        disagreement_threshold(assessment))
    origin = assessment.origin
    if origin is not None:
        earlier = agenda.disputed_items(
            workshop_votes.votes_per_workshop(session, origin.id).values(),
            disagreement_threshold(origin))
        disputed |= ids_across(earlier, _upgrade_between(origin, assessment))
    return ItemStates(
        answered=answered,
        disputed=disputed & bank.item_ids,
        to_confirm=frozenset(item_id for item_id, row in stored.items() if row.to_confirm),
        stale_evidence=agenda.stale_evidence(
            {item_id: row.evidence_at for item_id, row in stored.items() if row.evidence},
            utcnow()),
    )
