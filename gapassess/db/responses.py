"""Saving answers with optimistic concurrency and an audit event for every change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import bindparam, select

if TYPE_CHECKING:
    from sqlalchemy import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from gapassess.db import audit
from gapassess.db.models import Assessment, AuditEvent, Response, User, utcnow
from gapassess.domain.answers import (
    ANSWER_FIELDS,
    EMPTY_VALUES,
    ItemRule,
    answer_of,
    check_answer,
    parse_values,
)
from gapassess.domain.carry import confirms
from gapassess.i18n import _

ASSESSMENT_FIELDS = ("title", "scope", "status", "baseline_id", "questionnaire_id",
                     "assessor_name", "assessor_firm", "final_override_reason")
NOT_LOADED: Any = object()  # ``current`` default: look the stored answer up


@dataclass
class EditConflict(Exception):
    """Someone saved the item after the version the editor started from."""

    item_id: str
    theirs: dict[str, Any]
    yours: dict[str, Any]
    current_version: int

    def __str__(self) -> str:
        return _(
            "item %(item)s was changed by someone else (now version %(version)d)",
            item=self.item_id, version=self.current_version,
        )


# Built once: composing the statement costs more than running it.
_BY_ITEM = select(Response).where(
    Response.assessment_id == bindparam("assessment_id"), Response.item_id == bindparam("item_id")
)


def get_response(session: Session, assessment_id: int, item_id: str) -> Response | None:
    return session.scalar(_BY_ITEM, {"assessment_id": assessment_id, "item_id": item_id})


_R = Response.__table__.c
#: Kept beside the answer fields: whether a carried answer is still to confirm and when the
#: evidence last changed (both follow from the change, see _follow_ups).
FOLLOW_UP_FIELDS = ("to_confirm", "evidence_at")
_WRITTEN = (*ANSWER_FIELDS, *FOLLOW_UP_FIELDS, "updated_by_id", "updated_at", "version")
# The optimistic update: it changes the row only while it still has the version we read.
_UPDATE = (
    Response.__table__.update()
    .where(_R.id == bindparam("b_id"), _R.version == bindparam("b_version"))
    .values({name: bindparam(f"v_{name}") for name in _WRITTEN})
)


def _write_update(session: Session, response: Response, values: dict, user: User | None) -> None:
    """One UPDATE of a stored answer, guarded by its version; the object is then set to what
    was written (as committed state, so nothing is written twice).

    Raises StaleDataError, as the ORM's own version check does, when someone else's save
    got there first.
    """
    written = {
        **values,
        "updated_by_id": user.id if user else None,
        "updated_at": utcnow(),
        "version": response.version + 1,
    }
    params = {f"v_{name}": written[name] for name in _WRITTEN}
    params.update(b_id=response.id, b_version=response.version)
    result = session.execute(_UPDATE, params)
    if cast("CursorResult[Any]", result).rowcount != 1:
        raise StaleDataError(  # becomes an EditConflict, which words it for people
            f"response {response.id} is no longer at version {response.version}"  # i18n: not shown
        )
    for name, value in written.items():
        set_committed_value(response, name, value)
    set_committed_value(response, "updated_by", user)


def _follow_ups(response: Response, before: Mapping[str, Any],
                after: Mapping[str, Any], confirm: bool) -> dict[str, Any]:
    """What a change from ``before`` to ``after`` does besides the answer: a new rating
    confirms a carried answer (domain.carry.confirms), as does a save that is a decision on
    the rating (``confirm``: a workshop's consensus); new evidence is dated now."""
    evidence_at = response.evidence_at
    if after["evidence"] != before["evidence"]:
        evidence_at = utcnow() if after["evidence"] else None
    return {
        "to_confirm": bool(response.to_confirm) and not (confirm or confirms(before, after)),
        "evidence_at": evidence_at,
    }


def _check_rules(
    assessment: Assessment, item_id: str, after: Mapping[str, Any], item: ItemRule | None
) -> None:
    """The answer as it would be stored must keep the rules across fields (AnswerInvalid).

    ``item`` NOT_LOADED: looked up in the assessment's bank, when a rule needs it.
    """
    answer = answer_of(item_id, after)
    if item is NOT_LOADED:
        item = _bank_item(assessment, item_id) if answer.not_applicable else None
    check_answer(answer, item)


def _bank_item(assessment: Assessment, item_id: str) -> ItemRule | None:
    from gapassess.domain.questionnaire import QuestionnaireError, questionnaire_for

    try:
        bank = questionnaire_for(assessment.questionnaire_id, assessment.questionnaire_version)
        return bank.item(item_id)
    except (KeyError, QuestionnaireError):
        return None


def save_response(
    session: Session, assessment: Assessment, item_id: str, values: Mapping[str, Any], **options
) -> Response:
    """Create or update one answer and return it; ``options`` and the rules are those of
    ``save_response_recorded``."""
    return save_response_recorded(session, assessment, item_id, values, **options)[0]


def save_response_recorded(
    session: Session,
    assessment: Assessment,
    item_id: str,
    values: Mapping[str, Any],
    *,
    user: User | None,
    expected_version: int | None = None,
    actor: str = "",
    current: Response | None = NOT_LOADED,
    item: ItemRule | None = NOT_LOADED,
    confirm: bool = False,
) -> tuple[Response, AuditEvent | None]:
    """Create or update one answer; returns it with the audit event recorded for the change
    (None when the values were already stored). ``expected_version`` guards against lost
    updates.

    ``current`` is the stored answer (None: there is none) when the caller has just read
    it in this session, which spares a second query. Changes are written at once: a new
    answer by a flush (so its audit event records the stored defaults), an update by one
    version-guarded UPDATE that raises StaleDataError when a concurrent save won the race.
    The assessment row is not written: its ``updated_at`` is when the assessment itself
    changed, and the latest answer's time is the newest ``response.updated_at``.

    ``values`` (some or all answer fields) are checked by the answer rules
    (``gapassess.domain.answers``), each field on its own and then the answer as it would be
    stored; AnswerInvalid (a ValueError) names each refused field. ``item`` is the bank's
    item, for its not-applicable rule (looked up in the assessment's bank when not given;
    None: not in the bank). ``confirm``: the save decides the rating, so a carried answer
    is confirmed even when its levels stay as they were.
    """
    values = parse_values(values)
    if current is NOT_LOADED:
        current = get_response(session, assessment.id, item_id)
    response = current
    if response is None:
        _check_rules(assessment, item_id, {**EMPTY_VALUES, **values}, item)
        response = Response(assessment_id=assessment.id, item_id=item_id, updated_by=user)
        for name, value in values.items():
            setattr(response, name, value)
        if response.evidence:
            response.evidence_at = utcnow()
        session.add(response)
        session.flush()
        event = audit.record(
            session,
            entity_type="response",
            entity_id=audit.response_entity(assessment.id, item_id),
            action="create",
            organisation_id=assessment.organisation_id,
            user=user,
            actor=actor,
            after=audit.snapshot(response, ANSWER_FIELDS),
        )
    else:
        if expected_version is not None and response.version != expected_version:
            raise EditConflict(
                item_id=item_id,
                theirs=audit.snapshot(response, ANSWER_FIELDS),
                yours=dict(values),
                current_version=response.version,
            )
        before = audit.snapshot(response, ANSWER_FIELDS)
        after = {**before, **values}
        _check_rules(assessment, item_id, after, item)
        event = None
        if after != before or (confirm and response.to_confirm):
            was_to_confirm = bool(response.to_confirm)
            follow_ups = _follow_ups(response, before, after, confirm)
            _write_update(session, response, {**after, **follow_ups}, user)
            action = "update"
            if was_to_confirm and not follow_ups["to_confirm"]:  # the history says so
                if after == before:  # nothing else changed: confirmed as it is
                    action, before, after = "confirm", {}, {}
                before, after = {**before, "to_confirm": True}, {**after, "to_confirm": False}
            event = audit.record(
                session,
                immediate=True,
                entity_type="response",
                entity_id=audit.response_entity(assessment.id, item_id),
                action=action,
                organisation_id=assessment.organisation_id,
                user=user,
                actor=actor,
                before=before,
                after=after,
            )
    if event is not None:  # an accepted answer that changed goes back to review
        from gapassess.db.assignments import answer_changed

        answer_changed(session, assessment, item_id, user)
    return response, event


def create_assessment(
    session: Session,
    *,
    organisation_id: int,
    questionnaire_id: str,
    questionnaire_version: str,
    title: str,
    scope: str = "",
    baseline_id: int | None = None,
    user: User | None = None,
) -> Assessment:
    assessment = Assessment(
        organisation_id=organisation_id,
        questionnaire_id=questionnaire_id,
        questionnaire_version=questionnaire_version,
        title=title,
        scope=scope,
        baseline_id=baseline_id,
    )
    session.add(assessment)
    session.flush()
    audit.record(
        session,
        entity_type="assessment",
        entity_id=assessment.id,
        action="create",
        organisation_id=organisation_id,
        user=user,
        after=audit.snapshot(assessment, ASSESSMENT_FIELDS),
    )
    return assessment


def update_assessment(
    session: Session, assessment: Assessment, values: dict[str, Any], *, user: User | None
) -> AuditEvent | None:
    """Set ``values`` on ``assessment`` and record what changed; the event, or None when
    nothing did."""
    return audit.update_fields(
        session,
        assessment,
        values,
        ASSESSMENT_FIELDS,
        entity_type="assessment",
        organisation_id=assessment.organisation_id,
        user=user,
    )
