"""The methodology appendix (how the figures are made) and the closing statement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.document import new_section
from gapassess.domain.report.tables import add_table
from gapassess.domain.report.wording import disclaimer, edition_year, number
from gapassess.domain.working_days import describe
from gapassess.i18n import _, ngettext

if TYPE_CHECKING:
    from gapassess.domain.questionnaire import Questionnaire

CLASS_ORDER = ("outcome-driven", "compliance-only", "informal", "gap")


def methodology_chapter(ctx: ReportContext) -> None:
    new_section(ctx.document, landscape=False)
    # the working papers, when the report has them, are appendices A and B
    ctx.chapter(_("Appendix C: Methodology") if ctx.appendix else _("Appendix A: Methodology"),
                new_page=False)
    model, questionnaire = ctx.model, ctx.questionnaire
    ctx.para(ngettext(
        "Question bank: %(bank)s, version %(bank_version)s (%(num)d item). Scoring model: "
        "%(model)s, version %(model_version)s.",
        "Question bank: %(bank)s, version %(bank_version)s (%(num)d items). Scoring model: "
        "%(model)s, version %(model_version)s.",
        len(questionnaire.items), bank=questionnaire.title, bank_version=questionnaire.version,
        model=model.title, model_version=model.version,
    ))

    ctx.heading(_("Two scales"), 2)
    ctx.para(_(
        "Every item is rated on two independent scales from 0 to 4. Compliance is about "
        "structure: is the requirement in place and could an auditor verify it? Outcome is "
        "about performance: does the practice drive results?"
    ))
    rows = []
    for level in range(5):
        rows.append([str(level)] + [_level(questionnaire, axis, level)
                                    for axis in ("compliance", "outcome")])
    headers = (_("Level"), _("Compliance (structure)"), _("Outcome (performance)"))
    add_table(ctx.document, headers, rows,
              widths=(1.2, 6, 6), total_width=ctx.width())

    ctx.heading(_("Thresholds and the four classes"), 2)
    thresholds = model.thresholds
    ctx.para(_(
        "A compliance level of %(compliance)s or more counts as high compliance, an outcome "
        "level of %(outcome)s or more as high outcome. Clause and overall scores are "
        "weighted means of the levels on a 0-100 scale (level x 25); they are compared with "
        "the same thresholds (%(compliance_score)s and %(outcome_score)s). Crossing the two "
        "gives four classes:",
        compliance=thresholds.compliance, outcome=thresholds.outcome,
        compliance_score=thresholds.compliance * 25, outcome_score=thresholds.outcome * 25,
    ))
    descriptions = model.classification_descriptions
    for key in CLASS_ORDER:
        ctx.bullet(descriptions.get(key, ""), label=ctx.class_name(key))
    # TRANSLATORS: edition is "the 2026 edition".
    ctx.para(_(
        "Advisory items cover guidance from %(edition)s that sets no requirement (for "
        "example digital topics): they are rated and count towards outcome maturity but never "
        "as a conformity gap. Not-applicable items, with their justification, are left out "
        "of every figure; unanswered items are left out rather than counted as zero.",
        edition=ctx.edition,
    ))

    ctx.heading(_("Headline figures"), 2)
    figures = [] if ctx.initial else [
        (_("Transition readiness"),
         _("weighted share of the items %(edition)s adds, expands or restructures that are "
           "at or above the compliance threshold.", edition=ctx.edition)),
        (_("Conformity readiness"), _("the same share over all requirements."))]
    if ctx.initial:  # nothing is in transition for a first certificate
        figures.append((_("Conformity readiness"),
                        _("weighted share of all requirements at or above the compliance "
                          "threshold.")))
    for label, text in (
        *figures,
        (_("Outcome maturity"), _("the weighted outcome score, 0-100.")),
        (_("Compliance-only share"), _("of the requirements in place, the share whose "
                                       "outcome is below the threshold.")),
    ):
        ctx.bullet(text, label=label)

    ctx.heading(_("How priorities are set"), 2)
    # TRANSLATORS: year is the year of the new edition ("2026").
    ctx.para(_(
        "An item below the compliance threshold yields a conformity action; an item below "
        "the outcome threshold yields an outcome action. Actions are ordered by what the "
        "certification audit needs first (the foundations: context, scope, processes and "
        "leadership), then by the size of the gap and the item's weight, and always after "
        "the actions they depend on (context before objectives, risks before changes). Item "
        "weights are raised for items new or changed in %(year)s and for key topics such as "
        "leadership and culture.", year=edition_year(ctx.standard))
        if ctx.initial else _(
        "An item below the compliance threshold yields a conformity action; an item below "
        "the outcome threshold yields an outcome action. Actions are ordered by what the "
        "transition audit needs first (conformity gaps on requirements new or expanded in "
        "%(year)s), then by the size of the gap and the item's weight, and always after the "
        "actions they depend on (context before objectives, risks before changes). Item "
        "weights are raised for items new or changed in %(year)s and for key topics such as "
        "leadership and culture.", year=edition_year(ctx.standard),
    ))
    rules = model.roadmap
    ctx.para(_(
        "Effort sizes are costed at %(small)s, %(medium)s and %(large)s person-days (S, M, "
        "L). Work is scheduled at the stated capacity in person-days a month, phase after "
        "phase:", small=number(rules.person_days["S"]), medium=number(rules.person_days["M"]),
        large=number(rules.person_days["L"]),
    ))
    for phase in rules.phases:
        ctx.bullet(" ".join(phase.goal.split()), label=phase.name)
    # TRANSLATORS: calendar is "Monday to Friday, excluding public holidays in ...".
    ctx.para(_("Working days: %(calendar)s. No action starts or is due on another day.",
               calendar=describe(ctx.result.roadmap.calendar,
                                 ctx.result.roadmap.start_date)))
    ctx.para(ngettext(
        "The plan is feasible when the conformity work, the internal audit and the "
        "management review end at least %(num)d day before the target audit date. Outcome "
        "actions may continue after the audit.",
        "The plan is feasible when the conformity work, the internal audit and the "
        "management review end at least %(num)d days before the target audit date. Outcome "
        "actions may continue after the audit.", rules.milestone_lead_days,
    ))


def about_chapter(ctx: ReportContext) -> None:
    ctx.chapter(_("About this report"), new_page=False)
    ctx.para(disclaimer(ctx.standard, ctx.initial))
    ctx.para(_(
        "The findings rest on the answers given and the evidence the participants offered; "
        "they were not verified by sampling records. Questions, guidance and actions are "
        "written in the tool's own words; clause numbers and titles refer to %(standard)s.",
        standard=ctx.standard,
    ))


def _level(questionnaire: Questionnaire, axis: str, level: int) -> str:
    scale = questionnaire.scales.get(axis)
    if scale is None:
        return str(level)
    entry = scale.levels[level]
    return f"{entry.label}: {' '.join(entry.description.split())}"
