"""Appendix B (how the figures are made) and the closing statement about the report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.document import new_section
from gapassess.domain.report.tables import add_table
from gapassess.domain.report.wording import disclaimer, edition_year

if TYPE_CHECKING:
    from gapassess.domain.questionnaire import Questionnaire

CLASS_ORDER = ("outcome-driven", "compliance-only", "informal", "gap")


def methodology_chapter(ctx: ReportContext) -> None:
    new_section(ctx.document, landscape=False)
    ctx.chapter("Appendix B: Methodology", new_page=False)
    model, questionnaire = ctx.model, ctx.questionnaire
    ctx.para(
        f"Question bank: {questionnaire.title}, version {questionnaire.version} "
        f"({len(questionnaire.items)} items). Scoring model: "
        f"{model.title}, version {model.version}."
    )

    ctx.heading("Two scales", 2)
    ctx.para(
        "Every item is rated on two independent scales from 0 to 4. Compliance is about "
        "structure: is the requirement in place and could an auditor verify it? Outcome is "
        "about performance: does the practice drive results?"
    )
    rows = []
    for level in range(5):
        rows.append([str(level)] + [_level(questionnaire, axis, level)
                                    for axis in ("compliance", "outcome")])
    add_table(ctx.document, ("Level", "Compliance (structure)", "Outcome (performance)"), rows,
              widths=(1.2, 6, 6), total_width=ctx.width())

    ctx.heading("Thresholds and the four classes", 2)
    thresholds = model.thresholds
    ctx.para(
        f"A compliance level of {thresholds.compliance} or more counts as high compliance, an "
        f"outcome level of {thresholds.outcome} or more as high outcome. Clause and overall "
        "scores are weighted means of the levels on a 0-100 scale (level x 25); they are "
        f"compared with the same thresholds ({thresholds.compliance * 25} and "
        f"{thresholds.outcome * 25}). Crossing the two gives four classes:"
    )
    descriptions = model.classification_descriptions
    for key in CLASS_ORDER:
        ctx.bullet(descriptions.get(key, ""), label=ctx.class_name(key))
    ctx.para(
        f"Advisory items cover guidance from {ctx.edition} that sets no requirement (for "
        "example digital topics): they are rated and count towards outcome maturity but never "
        "as a conformity gap. Not-applicable items, with their justification, are left out "
        "of every figure; unanswered items are left out rather than counted as zero."
    )

    ctx.heading("Headline figures", 2)
    for label, text in (
        ("Transition readiness", f"weighted share of the items {ctx.edition} adds, expands "
         "or restructures that are at or above the compliance threshold."),
        ("Conformity readiness", "the same share over all requirements."),
        ("Outcome maturity", "the weighted outcome score, 0-100."),
        ("Compliance-only share", "of the requirements in place, the share whose outcome is "
         "below the threshold."),
    ):
        ctx.bullet(text, label=label)

    ctx.heading("How priorities are set", 2)
    year = edition_year(ctx.standard)
    ctx.para(
        "An item below the compliance threshold yields a conformity action; an item below "
        "the outcome threshold yields an outcome action. Actions are ordered by what the "
        "transition audit needs first (conformity gaps on requirements new or expanded in "
        f"{year}), then by the size of the gap and the item's weight, and always after the "
        "actions they depend on (context before objectives, risks before changes). Item "
        f"weights are raised for items new or changed in {year} and for key topics such as "
        "leadership and culture."
    )
    rules = model.roadmap
    ctx.para(
        f"Effort sizes are costed at {rules.person_days['S']:g}, {rules.person_days['M']:g} "
        f"and {rules.person_days['L']:g} person-days (S, M, L). Work is scheduled at the "
        "stated capacity in person-days a month, phase after phase:"
    )
    for phase in rules.phases:
        ctx.bullet(" ".join(phase.goal.split()), label=phase.name)
    ctx.para(
        "The plan is feasible when the conformity work, the internal audit and the "
        f"management review end at least {rules.milestone_lead_days} days before the "
        "target audit date. Outcome actions may continue after the audit."
    )


def about_chapter(ctx: ReportContext) -> None:
    ctx.chapter("About this report")
    ctx.para(disclaimer(ctx.standard))
    ctx.para(
        "The findings rest on the answers given and the evidence the participants offered; "
        "they were not verified by sampling records. Questions, guidance and actions are "
        f"written in the tool's own words; clause numbers and titles refer to {ctx.standard}."
    )


def _level(questionnaire: Questionnaire, axis: str, level: int) -> str:
    scale = questionnaire.scales.get(axis)
    if scale is None:
        return str(level)
    entry = scale.levels[level]
    return f"{entry.label}: {' '.join(entry.description.split())}"
