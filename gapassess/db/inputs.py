"""Turn stored rows into the plain inputs the domain takes (answers, profile, report meta)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gapassess.db import roadmap_edits
from gapassess.db.brands import report_brand
from gapassess.db.carry import unconfirmed_ids
from gapassess.db.models import Assessment, Organisation, Response
from gapassess.domain.answers import ANSWER_FIELDS, Answer, answer_of
from gapassess.domain.engine.owners import ActionEdit
from gapassess.i18n import _


class AssessmentNotFound(LookupError):
    pass


@dataclass
class ReportInputs:
    questionnaire: Any
    answers: list[Answer]
    profile: Any
    meta: Any
    votes: dict[str, list[tuple[str | None, int | None, int | None]]] | None = field(default=None)
    model_name: str = ""  # the organisation's scoring model file; "" for the installation's
    #: Workshop votes per item as (group or None, compliance, outcome), for perception gaps.
    group_votes: dict[str, list[tuple[str | None, int | None, int | None]]] | None = field(
        default=None)
    #: What was set on the roadmap (owner, agreed due date, status, notes), by action id.
    edits: dict[str, ActionEdit] = field(default_factory=dict)
    scenarios: list[Any] = field(default_factory=list)  # engine.scenarios.Scenario, stored
    brand: Any = None  # gapassess.db.brands.ReportBrand: the logo, colours and template
    #: (questionnaire, answers, profile) of the assessment named as the baseline, or None.
    baseline: tuple[Any, list[Answer], Any] | None = None
    #: Items whose carried answer is not yet confirmed (the report marks them).
    to_confirm: frozenset[str] = frozenset()


def answers_for(session: Session, assessment_id: int) -> list[Answer]:
    rows = session.scalars(
        select(Response).where(Response.assessment_id == assessment_id).order_by(Response.item_id)
    )
    return [answer_of(r.item_id, {name: getattr(r, name) for name in ANSWER_FIELDS}) for r in rows]


#: Certification statuses of the organisation profile that plan an initial certification
#: (the others move an existing certificate).
INITIAL_CERTIFICATION = frozenset({"not-certified", "in-progress"})


def profile_for(org: Organisation, start_date=None, standard: str = "ISO 9001:2026"):
    """The engine's view of an organisation: its plan settings, its certification and the
    transition dates of ``standard`` with its certification body's dates applied."""
    from gapassess.domain.engine import OrgProfile
    from gapassess.domain.transition import Certification, transition_rules_for

    initial = org.certification_status in INITIAL_CERTIFICATION
    certification = Certification("not-certified" if initial else "certified",
                                  org.certificate_expiry, org.next_audit_date)
    rules = transition_rules_for(standard)
    if rules is not None:
        rules = rules.with_certification_body_dates(org.cb_transition_end,
                                                    org.cb_all_audits_date)
    return OrgProfile(
        name=org.name,
        target_date=org.target_audit_date,
        capacity=org.capacity_days_per_month,
        start_date=start_date,
        certification=certification,
        transition=rules,
        calendar=calendar_for(org),
    )


def calendar_for(org: Organisation):
    """The organisation's working calendar (gapassess.domain.working_days)."""
    from gapassess.domain.working_days import WorkingCalendar, stored_shutdowns

    return WorkingCalendar(org.country or "", stored_shutdowns(org.shutdown_periods or ""))


def score_inputs(session: Session, assessment: Assessment, start_date=None, questionnaire=None):
    """(questionnaire, answers, profile) for ``assessment``: what ``engine.assess`` takes.

    ``questionnaire`` is the assessment's bank when the caller has already loaded it.
    """
    if questionnaire is None:
        from gapassess.domain.questionnaire import questionnaire_for

        questionnaire = questionnaire_for(
            assessment.questionnaire_id, assessment.questionnaire_version
        )
    return (
        questionnaire,
        answers_for(session, assessment.id),
        profile_for(assessment.organisation, start_date, questionnaire.structure.standard),
    )


def votes_for(
    session: Session, assessment_id: int
) -> dict[str, list[tuple[str | None, int | None, int | None]]] | None:
    """Workshop votes per item: item id -> [(participant name or None, compliance, outcome)].

    None when no workshop on this assessment has a counted vote. Names are given only for
    workshops set to show names in results; removed participants' votes are left out.
    """
    from gapassess.db.workshop_votes import votes_for_assessment

    return votes_for_assessment(session, assessment_id) or None


def group_votes_for(
    session: Session, assessment_id: int
) -> dict[str, list[tuple[str | None, int | None, int | None]]] | None:
    """Workshop votes per item as (group or None, compliance, outcome), without names; None
    when no participant of a workshop on this assessment gave a group."""
    from gapassess.db.workshop_votes import group_votes_for_assessment

    votes = group_votes_for_assessment(session, assessment_id)
    grouped = any(group is not None for rows in votes.values() for group, _c, _o in rows)
    return votes if grouped else None


def report_meta(assessment: Assessment, assessor: str = "", firm: str = "",
                review=None):
    """The report's cover facts for ``assessment``; ``assessor`` and ``firm`` replace the
    stored ones when given; ``review``: see review_facts."""
    from gapassess.domain.report.meta import ReportMeta

    return ReportMeta(
        organisation=assessment.organisation.name, title=assessment.title,
        assessor=assessor or assessment.assessor_name or "",
        firm=firm or assessment.assessor_firm or "",
        baseline_title=assessment.baseline.title if assessment.baseline is not None else "",
        review=review,
    )


def review_facts(session: Session, assessment: Assessment, answers: list[Answer]):
    """How many answered items were reviewed and accepted, and the override reason; None
    when the assessment used no review (no item ever assigned, no override)."""
    from gapassess.db.assignments import status_by_item
    from gapassess.domain.report.meta import ReviewFacts

    statuses = status_by_item(session, assessment.id)
    reason = assessment.final_override_reason or ""
    if not statuses and not reason:
        return None
    answered = [a.item_id for a in answers if a.not_applicable or (
        a.compliance is not None and a.outcome is not None)]
    reviewed = sum(statuses.get(item_id) == "accepted" for item_id in answered)
    return ReviewFacts(answered=len(answered), reviewed=reviewed, override_reason=reason)


def load_report_inputs(session: Session, assessment_id: int, assessor: str = "",
                       firm: str = "") -> ReportInputs:
    from gapassess.domain.engine.scenarios import stored_scenarios

    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise AssessmentNotFound(_("there is no assessment with id %(id)s", id=assessment_id))
    questionnaire, answers, profile = score_inputs(session, assessment)
    return ReportInputs(
        questionnaire=questionnaire,
        answers=answers,
        profile=profile,
        meta=report_meta(assessment, assessor, firm,
                         review_facts(session, assessment, answers)),
        votes=votes_for(session, assessment_id),
        group_votes=group_votes_for(session, assessment_id),
        model_name=assessment.organisation.scoring_model or "",
        edits=roadmap_edits.action_edits_for(session, assessment_id),
        scenarios=stored_scenarios(assessment.scenarios),
        brand=report_brand(session, assessment.organisation),
        baseline=(score_inputs(session, assessment.baseline)
                  if assessment.baseline is not None else None),
        to_confirm=frozenset(unconfirmed_ids(session, assessment_id)),
    )
