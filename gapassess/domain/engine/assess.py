"""``assess``: score a questionnaire's answers and plan the transition roadmap."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from gapassess.domain.engine.items import answers_by_item, score_items
from gapassess.domain.engine.prepared import prepare
from gapassess.domain.engine.results import AssessmentResult
from gapassess.domain.engine.roadmap import PlanSettings, plan
from gapassess.domain.engine.rollup import roll_up
from gapassess.domain.engine.schedule import add_months
from gapassess.i18n import _

if TYPE_CHECKING:
    from gapassess.domain.answers import Answer
    from gapassess.domain.questionnaire import Questionnaire
    from gapassess.domain.scoring_model import ScoringModel

#: End of the transition period from ISO 9001:2015 to ISO 9001:2026.
TRANSITION_DEADLINE = date(2029, 9, 30)
#: Default target: six months before the deadline, from when every audit uses the 2026 edition.
DEFAULT_TARGET_MONTHS_BEFORE = 6
#: Smallest capacity (person-days a month) a plan is made for.
MIN_CAPACITY = 0.01


@dataclass(frozen=True)
class OrgProfile:
    """The organisation's planning facts. None means "use the default"."""

    name: str = ""
    target_date: date | None = None
    capacity: float | None = None  # person-days per month
    start_date: date | None = None


def default_target_date(start: date | None = None) -> date:
    """Six months before the transition deadline (the deadline itself if that has passed)."""
    target = add_months(TRANSITION_DEADLINE, -DEFAULT_TARGET_MONTHS_BEFORE)
    if start is not None and target <= start:
        return TRANSITION_DEADLINE
    return target


def assess(questionnaire: Questionnaire, answers: Iterable[Answer] | Mapping[str, Answer],
           model: ScoringModel, profile: OrgProfile | None = None,
           today: date | None = None) -> AssessmentResult:
    """Score ``answers`` against ``questionnaire`` and plan the roadmap.

    Answers to items the questionnaire does not hold are ignored; for the same item the last
    answer wins. Raises ValueError for a level outside 0-4 or a capacity below MIN_CAPACITY.
    """
    profile = profile or OrgProfile()
    start = profile.start_date or today or date.today()
    capacity = model.roadmap.capacity if profile.capacity is None else float(profile.capacity)
    if not capacity >= MIN_CAPACITY:
        minimum, given = f"{MIN_CAPACITY:g}", f"{capacity:g}"
        raise ValueError(_("capacity must be at least %(minimum)s person-days a month, not "
                           "%(given)s", minimum=minimum, given=given))
    target = profile.target_date or default_target_date(start)
    prepared = prepare(questionnaire, model)
    items = score_items(prepared, answers_by_item(answers), model)
    overall, clauses = roll_up(prepared, items, model)
    default = profile.target_date is None
    settings = PlanSettings(start, target, capacity, default,
                            target_is_deadline=default and target == TRANSITION_DEADLINE)
    partial = sum(item.partial for item in items)
    roadmap = plan(prepared, items, model, settings,
                   open_items=overall.applicable - overall.answered - partial,
                   partial_items=partial)
    return AssessmentResult(
        overall=overall, clauses=clauses, items=items, roadmap=roadmap, model=model,
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
        questionnaire_title=questionnaire.title, standard=questionnaire.structure.standard,
        organisation=profile.name,
    )
