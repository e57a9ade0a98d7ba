"""The one-page executive summary, written for leadership in plain language."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from gapassess.domain.engine.owners import is_open, late_agreed, open_audit_work
from gapassess.domain.engine.reasons import DEFAULT_TARGETS
from gapassess.domain.report import styles
from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.document import write_text
from gapassess.domain.report.progress_section import summary_sentence
from gapassess.domain.report.wording import (
    CLASS_HEADLINE,
    CLASS_MEANING,
    TIMING_NOTE,
    is_draft,
    long_date,
    months_between,
    months_phrase,
    number,
    percent,
    score,
    time_left,
)
from gapassess.domain.wording.roadmap_text import reason_text
from gapassess.i18n import _, ngettext

if TYPE_CHECKING:
    from gapassess.domain.engine import AssessmentResult, Roadmap, RoadmapAction

TOP_PRIORITIES = 5


def top_priorities(result: AssessmentResult,
                   count: int = TOP_PRIORITIES) -> list[RoadmapAction]:
    """The first ``count`` actions still to do by priority, milestones and actions marked
    done left out."""
    actions = [a for a in result.roadmap.actions if a.kind != "milestone" and is_open(a)]
    return sorted(actions, key=lambda a: a.priority)[:count]


def no_priorities(result: AssessmentResult) -> str:
    """What stands in place of the top five when there is no action to list."""
    if result.overall.answered == 0:
        return _("No item is answered yet, so there are no actions to rank.")
    if any(a.kind != "milestone" for a in result.roadmap.actions):
        return _("Every action is marked done on the roadmap.")
    return _("No action is needed: every answered item meets both thresholds.")


def late_note(roadmap: Roadmap) -> str:
    """The sentence added to a plan that does not fit when agreed dates of audit work fall
    after the target audit as well ("" when none does)."""
    late = late_agreed(roadmap)
    if not late:
        return ""
    return ngettext(
        "Besides, %(num)d agreed date of audit work falls after the target audit.",
        "Besides, %(num)d agreed dates of audit work fall after the target audit.",
        len(late))


def executive_summary(ctx: ReportContext) -> None:
    result = ctx.result
    ctx.chapter(_("Executive summary"))
    if ctx.draft:
        ctx.para(basis(result), bold=True)
    ctx.para(headline(result), styles.HEADLINE)
    if not ctx.draft:
        ctx.para(basis(result))

    ctx.heading(_("Where the organisation stands"), 2)
    ctx.para(position(ctx))
    summary_sentence(ctx)
    ctx.heading(_("Top five priorities"), 2)
    priorities = top_priorities(result)
    if not priorities:
        ctx.para(no_priorities(result))
    for action in priorities:
        priority(ctx, action)
    ctx.heading(_("Time and feasibility"), 2)
    ctx.para(timing(ctx))
    ctx.para(feasibility(result))


def basis(result: AssessmentResult) -> str:
    """What the figures rest on: how many of the applicable items are answered."""
    overall = result.overall
    if overall.applicable == 0:
        return _("Every item is marked not applicable, so there are no figures to report.")
    if not is_draft(overall):
        return ngettext("The figures rest on the %(num)d applicable item, answered in full.",
                        "The figures rest on all %(num)d applicable items, answered in full.",
                        overall.applicable)
    if overall.answered == 0:
        return _("Draft: no applicable item is answered yet, so there are no figures to "
                 "report.")
    share = f"{math.floor(overall.completion or 0)}%"
    # TRANSLATORS: opens the executive summary of a draft; share is a percentage ("17%").
    return ngettext(
        "Draft: the figures below rest on the %(answered)s of %(num)d applicable item "
        "answered so far (%(share)s). They describe those items only and will change as "
        "the rest are rated; read them as a first indication, not a conclusion.",
        "Draft: the figures below rest on the %(answered)s of %(num)d applicable items "
        "answered so far (%(share)s). They describe those items only and will change as "
        "the rest are rated; read them as a first indication, not a conclusion.",
        overall.applicable, answered=overall.answered, share=share)


def priority(ctx: ReportContext, action: RoadmapAction) -> None:
    """"**Title** (clause 6.1.2): the full action. Why: first reason. Due date." as a bullet."""
    paragraph = ctx.bullet(label=action.title)
    reason = reason_text(action.reasons[0]) if action.reasons else ""
    due = long_date(action.due)
    # TRANSLATORS: follows the action's title (in bold); description is the action, reason
    # why it is needed.
    text = (_(" (clause %(clause)s): %(description)s Why: %(reason)s Due %(due)s.",
              clause=action.clause, description=action.description, reason=reason, due=due)
            if reason else
            _(" (clause %(clause)s): %(description)s Due %(due)s.",
              clause=action.clause, description=action.description, due=due))
    write_text(paragraph, text)


def headline(result: AssessmentResult) -> str:
    overall = result.overall
    if overall.answered == 0:
        return _("No item has been rated yet, so readiness cannot be stated.")
    if overall.transition_readiness is None:  # an initial certification: nothing in transition
        return _(
            "Conformity readiness: %(conformity)s. That is the share of all requirements "
            "that is already in place at the level a certification auditor expects.",
            conformity=percent(overall.conformity_readiness))
    return _(
        "Transition readiness: %(transition)s. That is the share of what the 2026 edition "
        "adds or changes that is already in place at the level an auditor expects; across "
        "all requirements the figure is %(conformity)s.",
        transition=percent(overall.transition_readiness),
        conformity=percent(overall.conformity_readiness),
    )


def dominant_class(class_counts: dict[str, int]) -> str | None:
    """The class most items fall in (ties go to the more mature class)."""
    order = ("outcome-driven", "compliance-only", "informal", "gap")
    best = max(order, key=lambda k: (class_counts.get(k, 0), -order.index(k)))
    return best if class_counts.get(best, 0) else None


def position(ctx: ReportContext) -> str:
    overall = ctx.result.overall
    if overall.classification is None:
        return _("Not enough items are rated on both axes to place the organisation.")
    counts = overall.class_counts
    rated = sum(counts.values())
    main = dominant_class(counts) or overall.classification
    parts = ", ".join(
        f"{counts.get(k, 0)} {ctx.class_name(k).lower()}"
        for k in ("outcome-driven", "compliance-only", "informal", "gap")
    )
    values = {"class": CLASS_HEADLINE.get(main, main), "count": counts.get(main, 0),
              "rated": rated, "counts": parts}
    # TRANSLATORS: class is "outcome-driven", "compliance-only", "informal" or "gaps";
    # counts lists the number of items in each class.
    lead = (_("Most rated items are %(class)s (%(count)s of %(rated)s: %(counts)s).", **values)
            if counts.get(main, 0) * 2 > rated else
            _("The largest group of rated items is %(class)s (%(count)s of %(rated)s: "
              "%(counts)s).", **values))
    sentences = [lead, str(CLASS_MEANING.get(main, "")), _(
        "On the whole the system scores %(structure)s/100 on structure and %(results)s/100 "
        "on results, which places it in the %(class)s corner.",
        structure=score(overall.compliance_score), results=score(overall.outcome_score),
        # the class name comes from the scoring model
        **{"class": ctx.class_name(overall.classification).lower()})]
    if overall.compliance_only_share is not None and overall.compliance_only_share > 0:
        sentences[-1] += " " + _(
            "Of the requirements already in place, %(share)s are not yet measured by the "
            "results they produce (the compliance-only share: lower is better).",
            share=percent(overall.compliance_only_share))
    sentences.append(str(TIMING_NOTE))
    return " ".join(sentences)


def timing(ctx: ReportContext) -> str:
    """When the audit is, how long is left, and what the dates rest on."""
    result, today = ctx.result, ctx.today
    target = result.roadmap.target_date
    rules = result.transition
    left = time_left(today, target)
    if not result.certification.certified:
        text = _("Target initial certification audit: %(target)s (%(target_left)s). A first "
                 "certificate has no transition deadline.", target=long_date(target),
                 target_left=left)
    elif rules is None:
        text = _("Target audit: %(target)s (%(target_left)s).", target=long_date(target),
                 target_left=left)
    else:
        end = rules.transition_end
        values = {"target": long_date(target), "target_left": left,
                  "deadline": long_date(end.date), "deadline_left": time_left(today, end.date),
                  "previous": rules.from_edition}
        text = (_("Target transition audit: %(target)s (%(target_left)s). End of the "
                  "transition: %(deadline)s (%(deadline_left)s), after which %(previous)s "
                  "certificates are no longer valid.", **values)
                if end.confirmed else
                _("Target transition audit: %(target)s (%(target_left)s). End of the "
                  "transition: %(deadline)s (%(deadline_left)s) is expected but not yet "
                  "confirmed by the accreditation bodies; %(previous)s certificates are "
                  "expected to lose their validity after it.", **values))
    notes = [note for note in result.roadmap.notes if note.code in DEFAULT_TARGETS.values()]
    return " ".join([text, *(reason_text(note) for note in notes)])


def feasibility(result: AssessmentResult) -> str:
    roadmap = result.roadmap
    if result.overall.answered == 0:
        return _("There is no verdict on feasibility yet: no applicable item is answered, so "
                 "there is no plan to judge.")
    audit_work = [a for a in roadmap.actions if a.kind != "outcome"]
    audit_days = sum(a.person_days for a in audit_work)
    outcome_days = roadmap.total_days - audit_days
    # TRANSLATORS: capacity is a number of person-days (it may have decimals).
    sentences = [_(
        "Before the audit, the conformity work and the internal audit and management review "
        "need %(audit_days)s person-days; outcome work adds %(outcome_days)s more, which can "
        "continue after the audit. The plan assumes %(capacity)s person-days a month from "
        "%(start)s.", audit_days=score(audit_days), outcome_days=score(outcome_days),
        capacity=number(roadmap.capacity), start=long_date(roadmap.start_date))]
    still_open = open_audit_work(roadmap)
    if not still_open:
        sentences.append(_("All the conformity work and the internal audit and management "
                           "review are marked done on the roadmap."))
        return " ".join(sentences)
    late = late_agreed(roadmap)
    target = long_date(roadmap.target_date)
    if roadmap.feasible and late:
        sentences.append(ngettext(
            "The plan fits at this capacity, but %(num)d agreed date of audit work falls "
            "after the target audit on %(target)s (%(last)s): bring it forward or move the "
            "audit.",
            "The plan fits at this capacity, but %(num)d agreed dates of audit work fall "
            "after the target audit on %(target)s (the last on %(last)s): bring them forward "
            "or move the audit.",
            len(late), target=target, last=long_date(max(a.due for a in late))))
        return " ".join(sentences)
    if roadmap.feasible:
        sentences.append(_("The plan is feasible."))
        last = max(a.due for a in still_open)
        sentences.append(_(
            "The audit work ends by %(date)s, %(time)s before the target date.",
            date=long_date(last),
            time=months_phrase(months_between(last, roadmap.target_date))))
        return " ".join(sentences)
    months_left = max(months_between(roadmap.start_date, roadmap.target_date), 0.5)
    extra = max(1, math.ceil(roadmap.shortfall_days / months_left))
    sentences.append(ngettext(
        "The plan is not feasible: the audit work is %(short)s person-days short (%(time)s at "
        "this capacity). To keep the date, add about %(num)d person-day a month or bring in "
        "outside help; otherwise move the target date by %(time)s.",
        "The plan is not feasible: the audit work is %(short)s person-days short (%(time)s at "
        "this capacity). To keep the date, add about %(num)d person-days a month or bring in "
        "outside help; otherwise move the target date by %(time)s.",
        extra, short=math.ceil(roadmap.shortfall_days),
        time=months_phrase(roadmap.shortfall_months)))
    return " ".join(s for s in (*sentences, late_note(roadmap)) if s)
