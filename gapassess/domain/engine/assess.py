"""``assess``: score a questionnaire's answers and plan the transition roadmap."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from gapassess.domain.dates import check_date, check_optional
from gapassess.domain.engine import reasons as codes
from gapassess.domain.engine.items import answers_by_item, score_items
from gapassess.domain.engine.owners import item_owners, with_owners
from gapassess.domain.engine.prepared import prepare
from gapassess.domain.engine.reasons import Reason
from gapassess.domain.engine.results import AssessmentResult
from gapassess.domain.engine.roadmap import PlanSettings, plan
from gapassess.domain.engine.rollup import roll_up
from gapassess.domain.transition import (
    NO_TRANSITION_MONTHS,
    Certification,
    TargetBasis,
    TransitionRules,
    default_target,
    transition_rules_for,
)
from gapassess.domain.working_days import WorkingCalendar, closed_days
from gapassess.i18n import _

if TYPE_CHECKING:
    from gapassess.domain.answers import Answer
    from gapassess.domain.questionnaire import Questionnaire
    from gapassess.domain.scoring_model import ScoringModel

#: Smallest capacity (person-days a month) a plan is made for.
MIN_CAPACITY = 0.01


@dataclass(frozen=True)
class OrgProfile:
    """The organisation's planning facts. None means "use the default"."""

    name: str = ""
    target_date: date | None = None
    capacity: float | None = None  # person-days per month
    start_date: date | None = None
    certification: Certification = Certification()
    #: The transition dates to plan with; None: the shipped ones for the bank's standard
    #: (gapassess.domain.transition), with the organisation's own dates already applied.
    transition: TransitionRules | None = None
    #: The working days: Monday to Friday less the country's public holidays and the
    #: shutdown periods (gapassess.domain.working_days).
    calendar: WorkingCalendar = WorkingCalendar()
    #: Outcome work waits until after the target audit (a what-if, engine/scenarios.py).
    outcome_after_target: bool = False


def _check_dates(profile: OrgProfile) -> None:
    """The profile's dates keep to the one rule for dates (gapassess.domain.dates)."""
    check_optional(profile.target_date, _("Target audit date"))
    check_optional(profile.certification.certificate_expiry, _("Certificate expiry date"))
    check_optional(profile.certification.next_audit, _("Next certification audit"))


def _target_note(basis: TargetBasis, target: date,
                 rules: TransitionRules | None) -> Reason:
    """The note saying why the plan aims at a default ``target``."""
    params: dict[str, str | int] = {"target": target.isoformat()}
    if rules is None:
        params["months"] = NO_TRANSITION_MONTHS
    elif basis == "initial-certification":
        params["months"] = rules.initial_certification_months
    elif basis in ("all-audits", "transition-end"):
        when = rules.all_audits_new_edition if basis == "all-audits" else rules.transition_end
        params.update(edition=rules.to_edition, confirmed=int(when.confirmed))
    return Reason(codes.DEFAULT_TARGETS[basis], params)


def _target(profile: OrgProfile, rules: TransitionRules | None,
            start: date) -> tuple[date, Reason | None]:
    """The plan's target date and, when it is a default, the note that says why."""
    if profile.target_date is not None:
        return profile.target_date, None
    chosen = default_target(rules, profile.certification, start)
    return chosen.date, _target_note(chosen.basis, chosen.date, rules)


def assess(questionnaire: Questionnaire, answers: Iterable[Answer] | Mapping[str, Answer],
           model: ScoringModel, profile: OrgProfile | None = None,
           today: date | None = None) -> AssessmentResult:
    """Score ``answers`` against ``questionnaire`` and plan the roadmap.

    Answers to items the questionnaire does not hold are ignored; for the same item the last
    answer wins. Raises ValueError for a level outside 0-4 or a capacity below MIN_CAPACITY,
    and DateRangeError (a ValueError) for a date outside the range of gapassess.domain.dates.
    """
    profile = profile or OrgProfile()
    start = check_date(profile.start_date or today or date.today(), _("Start date"))
    _check_dates(profile)
    capacity = model.roadmap.capacity if profile.capacity is None else float(profile.capacity)
    if not capacity >= MIN_CAPACITY:
        minimum, given = f"{MIN_CAPACITY:g}", f"{capacity:g}"
        raise ValueError(_("capacity must be at least %(minimum)s person-days a month, not "
                           "%(given)s", minimum=minimum, given=given))
    rules = profile.transition or transition_rules_for(questionnaire.structure.standard)
    certified = profile.certification.certified
    model = model.for_certification(certified)
    target, note = _target(profile, rules, start)
    prepared = prepare(questionnaire, model)
    by_item = answers_by_item(answers)
    items = score_items(prepared, by_item, model)
    overall, clauses = roll_up(prepared, items, model)
    settings = PlanSettings(start, target, capacity, target_note=note, initial=not certified,
                            closed=closed_days(profile.calendar, start),
                            outcome_after_target=profile.outcome_after_target,
                            calendar=profile.calendar)
    partial = sum(item.partial for item in items)
    roadmap = plan(prepared, items, model, settings,
                   open_items=overall.applicable - overall.answered - partial,
                   partial_items=partial)
    roadmap = with_owners(roadmap, items=item_owners(by_item))
    return AssessmentResult(
        overall=overall, clauses=clauses, items=items, roadmap=roadmap, model=model,
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
        questionnaire_title=questionnaire.title, standard=questionnaire.structure.standard,
        organisation=profile.name, certification=profile.certification, transition=rules,
    )
