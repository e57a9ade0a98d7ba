"""Starting an assessment from an earlier one, moving one to a newer bank version, saving a
carried plan, and confirming carried answers; the rules are in gapassess.domain.carry.

A copy or a move creates a new assessment and leaves the source exactly as it was, so the
old answers stay in their history and undoing is discarding the new assessment
(``discard``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gapassess.db import audit, roadmap_edits
from gapassess.db.models import Assessment, AuditEvent, Response, User
from gapassess.db.responses import ASSESSMENT_FIELDS, create_assessment
from gapassess.domain.answers import ANSWER_FIELDS, answer_of
from gapassess.domain.carry import CarryKind, CarryPlan, Origin, SourceAnswer, plan_copy, plan_move
from gapassess.i18n import _

#: Where a started assessment came from, besides the assessment fields.
ORIGIN_FIELDS = ("origin_id", "origin_kind")
#: The carry fields written with each carried answer, and recorded in its history.
CARRY_FIELDS = ("carried_from", "carried_at", "carry_warning", "to_confirm", "evidence_at")


class CannotCarry(ValueError):
    """The carry asked for is not possible (no upgrade file, not a newer version...)."""


def origin_label(assessment: Assessment, item_id: str) -> str:
    return _("%(title)s (no. %(id)d), item %(item)s", title=assessment.title, id=assessment.id,
             item=item_id)


def source_answers(session: Session, assessment: Assessment) -> list[SourceAnswer]:
    """The stored answers of ``assessment`` as the domain's carry sources."""
    rows = session.scalars(select(Response).where(Response.assessment_id == assessment.id)
                           .order_by(Response.item_id))
    return [
        SourceAnswer(
            answer=answer_of(row.item_id, {name: getattr(row, name) for name in ANSWER_FIELDS}),
            origin=Origin(origin_label(assessment, row.item_id), row.updated_at),
            to_confirm=bool(row.to_confirm),
            evidence_at=row.evidence_at,
        )
        for row in rows
    ]


def plan_start(session: Session, source: Assessment, *, version: str | None = None,
               kind: CarryKind = "copy") -> CarryPlan:
    """What starting from ``source`` on bank ``version`` (default: its own) would carry.

    ``kind`` "copy": a new assessment from an earlier one, every answer to confirm;
    "move": the same assessment on a newer bank version (confirmed equal items stay
    confirmed). Raises CannotCarry when there is no way across.
    """
    return planned_start(session, source, version=version, kind=kind).plan


@dataclass(frozen=True)
class StartPlan:
    """A plan with the two banks it was made between (the old one None when that version
    is no longer installed), so a preview need not load them again."""

    plan: CarryPlan
    version: str
    old_bank: Any
    new_bank: Any


def planned_start(session: Session, source: Assessment, *, version: str | None = None,
                  kind: CarryKind = "copy") -> StartPlan:
    """plan_start, keeping the banks."""
    from gapassess.domain.questionnaire.registry import installed, version_key
    from gapassess.domain.questionnaire.upgrade import upgrade_for

    qid, current = source.questionnaire_id, source.questionnaire_version
    version = version or current
    new = installed(qid, version)
    if new is None:
        raise CannotCarry(_("version %(version)s of question bank %(bank)s is not installed",
                            version=version, bank=qid))
    old = new if version == current else installed(qid, current)
    sources = source_answers(session, source)
    if version == current:
        if kind == "move":
            raise CannotCarry(_("the assessment is already on version %(version)s",
                                version=version))
        return StartPlan(plan_copy(sources, new), version, old, new)
    if version_key(version) < version_key(current):
        raise CannotCarry(_("version %(version)s is older than the assessment's %(current)s",
                            version=version, current=current))
    upgrade = upgrade_for(qid, current, version)
    if upgrade is None:
        raise CannotCarry(_("no upgrade file leads from version %(old)s to %(new)s of %(bank)s",
                            old=current, new=version, bank=qid))
    return StartPlan(plan_move(sources, upgrade, new, kind), version, old, new)


def save_plan(session: Session, assessment: Assessment, plan: CarryPlan, *,
              user: User | None, actor: str = "") -> list[Response]:
    """Store every answer of ``plan`` in ``assessment`` (which has none of those items yet),
    each with its history entry saying where it came from."""
    saved = []
    for carried in plan.carried:
        response = Response(assessment_id=assessment.id, item_id=carried.item_id,
                            updated_by=user, carried_from=carried.carried_from,
                            carried_at=carried.carried_at, carry_warning=carried.warning,
                            to_confirm=carried.to_confirm, evidence_at=carried.evidence_at)
        for name, value in carried.answer.values().items():
            setattr(response, name, value)
        session.add(response)
        saved.append(response)
    session.flush()
    for response in saved:
        audit.record(session, entity_type="response",
                     entity_id=audit.response_entity(assessment.id, response.item_id),
                     action="create", organisation_id=assessment.organisation_id, user=user,
                     actor=actor, after=audit.snapshot(response, (*ANSWER_FIELDS, *CARRY_FIELDS)))
    return saved


def start_from(session: Session, source: Assessment, *, title: str,
               version: str | None = None, kind: CarryKind = "copy",
               user: User | None = None, plan: CarryPlan | None = None) -> Assessment:
    """A new assessment of the same organisation started from ``source`` (see plan_start);
    the source is not changed. A copy names the source as its baseline (progress since
    last time); a move keeps the source's baseline, roadmap decisions on items that are the
    same in both versions and its scenarios. ``plan``: the plan the person accepted in a
    preview, so what is saved is what was shown (made here when not given)."""
    if plan is None:
        plan = plan_start(session, source, version=version, kind=kind)
    new = create_assessment(
        session, organisation_id=source.organisation_id,
        questionnaire_id=source.questionnaire_id,
        questionnaire_version=version or source.questionnaire_version,
        title=title, scope=source.scope,
        baseline_id=source.id if kind == "copy" else source.baseline_id, user=user)
    new.assessor_name, new.assessor_firm = source.assessor_name, source.assessor_firm
    new.origin_id, new.origin_kind = source.id, kind
    if kind == "move":
        new.scenarios = list(source.scenarios or [])
        _carry_roadmap_edits(session, source, new, plan, user)
    session.flush()
    save_plan(session, new, plan, user=user)
    return new


def _carry_roadmap_edits(session: Session, source: Assessment, new: Assessment,
                         plan: CarryPlan, user: User | None) -> None:
    """The roadmap decisions on items carried unchanged (one equal source, kept) go with the
    move, under the new item's id when the new version renamed it; milestones go too."""
    renamed = {carried.source_ids[0]: carried.item_id for carried in plan.kept
               if len(carried.source_ids) == 1}
    for action_id, edit in roadmap_edits.edits_for(session, source.id).items():
        item_id, _sep, rest = action_id.partition("/")
        if action_id.startswith("milestone/"):
            new_id = action_id
        elif item_id in renamed:
            new_id = f"{renamed[item_id]}/{rest}"
        else:
            continue
        roadmap_edits.save_edit(session, new, new_id, {
            "owner": edit.owner, "due": edit.due, "status": edit.status,
            "notes": edit.notes}, user=user)


def started_from(session: Session, assessment: Assessment) -> list[Assessment]:
    """The assessments started from ``assessment`` (copies and moves), newest first."""
    return list(session.scalars(select(Assessment).where(Assessment.origin_id == assessment.id)
                                .order_by(Assessment.id.desc())))


@dataclass(frozen=True)
class CarriedCounts:
    answered: int  # answered items (rated, flagged or written)
    carried: int   # of them carried in
    to_confirm: int  # carried and not yet confirmed


def carried_counts(session: Session, assessment_id: int) -> CarriedCounts:
    """How many answers ``assessment_id`` has, were carried in, and wait to be confirmed."""
    row = session.execute(
        select(func.count(), func.count().filter(Response.carried_from != ""),
               func.count().filter(Response.to_confirm.is_(True)))
        .where(Response.assessment_id == assessment_id)).one()
    return CarriedCounts(int(row[0]), int(row[1]), int(row[2]))


def unconfirmed_ids(session: Session, assessment_id: int) -> set[str]:
    return set(session.scalars(select(Response.item_id).where(
        Response.assessment_id == assessment_id, Response.to_confirm.is_(True))))


def confirm_one(session: Session, assessment: Assessment, item_id: str, *,
                user: User | None, expected_version: int | None = None,
                current: Response | None = None) -> AuditEvent | None:
    """Confirm one carried answer as it is, through the one save path (history, review);
    returns the history event, or None when it was not to confirm. ``expected_version``:
    the version it was read at (EditConflict when someone changed it since)."""
    from gapassess.db.responses import get_response, save_response_recorded

    row = current if current is not None else get_response(session, assessment.id, item_id)
    if row is None or not row.to_confirm:
        return None
    _row, event = save_response_recorded(session, assessment, item_id, {}, user=user,
                                         expected_version=expected_version, current=row,
                                         confirm=True)
    return event


def confirm(session: Session, assessment: Assessment, item_ids: Iterable[str], *,
            user: User | None, expected_versions: dict[str, int] | None = None) -> list[str]:
    """Confirm the carried answers of ``item_ids`` as they are (confirm_one each); returns
    the ids confirmed (those still to confirm)."""
    rows = session.scalars(select(Response).where(
        Response.assessment_id == assessment.id, Response.item_id.in_(set(item_ids)),
        Response.to_confirm.is_(True)))
    return sorted(row.item_id for row in rows if confirm_one(
        session, assessment, row.item_id, user=user, current=row,
        expected_version=(expected_versions or {}).get(row.item_id)) is not None)


def discard(session: Session, assessment: Assessment, *, user: User | None) -> list[str]:
    """Undo a copy or a move: delete the assessment it created (the source was never
    changed). Refused for an assessment that was not started from another, and for a final
    one (read-only until a consultant reopens it). Returns the storage keys of its evidence
    files, whose bytes the caller removes once this is committed
    (gapassess.db.evidence.forget_bytes)."""
    from gapassess.db.evidence import live_keys

    if not assessment.origin_kind:
        raise CannotCarry(_("only an assessment started from another one can be discarded"))
    if assessment.read_only:
        raise CannotCarry(_("the assessment is final: a consultant must reopen it before it "
                            "can be discarded"))
    audit.record(session, entity_type="assessment", entity_id=assessment.id, action="delete",
                 organisation_id=assessment.organisation_id, user=user,
                 before=audit.snapshot(assessment, (*ASSESSMENT_FIELDS, *ORIGIN_FIELDS)))
    keys = live_keys(session, assessment.id)
    session.delete(assessment)
    session.flush()
    return keys


@dataclass(frozen=True)
class WorkSince:
    """What was done in a started assessment after it was started (what discarding it
    would delete besides the carried answers)."""

    answers: int  # answers given here, or carried and then changed or confirmed
    workshops: int
    roadmap_edits: int  # every roadmap decision it holds (those a move carried too)
    evidence_files: int = 0  # live evidence files uploaded to it

    @property
    def any(self) -> bool:
        return bool(self.answers or self.workshops or self.roadmap_edits
                    or self.evidence_files)


def work_since_started(session: Session, assessment: Assessment) -> WorkSince:
    from gapassess.db.models import RoadmapEdit, Workshop

    answers = session.scalar(select(func.count()).select_from(Response).where(
        Response.assessment_id == assessment.id,
        (Response.carried_from == "") | (Response.version > 1)))
    workshops = session.scalar(select(func.count()).select_from(Workshop).where(
        Workshop.assessment_id == assessment.id))
    edits = session.scalar(select(func.count()).select_from(RoadmapEdit).where(
        RoadmapEdit.assessment_id == assessment.id))
    from gapassess.db.evidence import live_keys

    return WorkSince(int(answers or 0), int(workshops or 0), int(edits or 0),
                     len(live_keys(session, assessment.id)))
