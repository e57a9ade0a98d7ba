"""Findings per clause: what is in place, what is missing, compliance-only signs, actions."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from gapassess.domain.charts.data import top_clauses
from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.wording import level_text, long_date, score
from gapassess.i18n import _, lazy_gettext, ngettext

if TYPE_CHECKING:
    from gapassess.domain.engine import ClauseResult, ItemResult, RoadmapAction
    from gapassess.domain.questionnaire import Item

#: Per clause, the compliance-only signs of the weightiest items and the first outcome
#: actions by priority; the rest are counted (the working papers list them all).
SIGNS_SHOWN = 1
OUTCOME_SHOWN = 1
# TRANSLATORS: the kind of a recommended action, in "(conformity action, Phase 1, due ...)".
ACTION_KINDS = {"conformity": lazy_gettext("conformity action"),
                "outcome": lazy_gettext("outcome action"),
                "milestone": lazy_gettext("milestone")}


def findings_chapter(ctx: ReportContext) -> None:
    ctx.chapter(_("Findings by clause"), new_page=False)  # straight after the roadmap
    ctx.para(_(
        "For each clause: how many requirements are in place (at or above the compliance "
        "threshold), what is missing and what an auditor will look for, where practice "
        "shows the signs of a compliance-only system, and the actions the roadmap "
        "recommends, conformity work first."
    ) + " " + (_("Every answer, with its evidence and notes, is in Appendix B.")
               if ctx.appendix else
               _("The report with the working papers gives every answer with its evidence "
                 "and notes.")))
    results = {r.item_id: r for r in ctx.result.items}
    actions: defaultdict[str, list[RoadmapAction]] = defaultdict(list)
    for action in ctx.result.roadmap.actions:
        if action.item_id:
            actions[action.item_id].append(action)
    by_clause: defaultdict[str, list[Item]] = defaultdict(list)
    for item in ctx.questionnaire.items:
        by_clause[item.top_clause].append(item)
    for clause in top_clauses(ctx.result):
        items = [i for i in by_clause.get(clause.clause, []) if i.id in results]
        if items:
            clause_findings(ctx, clause, items, results, actions)


def clause_findings(ctx: ReportContext, clause: ClauseResult, items: list[Item],
                    results: dict[str, ItemResult],
                    actions: dict[str, list[RoadmapAction]]) -> None:
    ctx.heading(_("Clause %(clause)s: %(title)s", clause=clause.clause, title=clause.title), 2)
    not_applicable = [i for i in items if results[i.id].status == "not-applicable"]
    if clause.answered == 0:
        # Nothing to say yet: no scores, no verdict, only what is still to do.
        ctx.para(ngettext(
            "Not yet assessed: its %(num)d applicable item is not answered yet.",
            "Not yet assessed: none of its %(num)d applicable items is answered yet.",
            clause.applicable) if clause.applicable else
            _("Not assessed: every item of this clause is marked not applicable."))
        _not_applicable(ctx, not_applicable)
        return
    # TRANSLATORS: class is the clause's class from the scoring model ("compliance-only").
    scores = ctx.para(ngettext(
        "Structure %(structure)s/100, results %(results)s/100: %(class)s. %(answered)s of "
        "%(num)d applicable item answered.",
        "Structure %(structure)s/100, results %(results)s/100: %(class)s. %(answered)s of "
        "%(num)d applicable items answered.",
        clause.applicable, structure=score(clause.compliance_score),
        results=score(clause.outcome_score), answered=clause.answered,
        **{"class": ctx.class_name(clause.classification).lower()},
    ))
    scores.paragraph_format.keep_with_next = True  # never alone under its heading
    c_labels = ctx.labels("compliance")
    answered = [i for i in items if results[i.id].status == "answered"]
    in_place = [i for i in answered if results[i.id].compliance_gap == 0 and not i.advisory]
    missing = [i for i in items if results[i.id].compliance_gap > 0]
    binder = [i for i in answered if results[i.id].classification == "compliance-only"]
    open_items = [i for i in items if results[i.id].status == "unanswered"]

    requirements = [i for i in answered if not i.advisory]
    lines = [ngettext("%(in_place)s of %(num)d answered requirement is in place at the level "
                      "an auditor expects.",
                      "%(in_place)s of %(num)d answered requirements are in place at the "
                      "level an auditor expects.", len(requirements), in_place=len(in_place))]
    if binder:
        # TRANSLATORS: follows the sentence on requirements in place.
        lines.append(ngettext(
            "%(num)d answered item shows the signs of compliance-only practice: in place, "
            "but not measured by the results it produces.",
            "%(num)d answered items show the signs of compliance-only practice: in place, "
            "but not measured by the results they produce.", len(binder)))
    ctx.para(" ".join(lines))

    if missing:
        ctx.heading(_("Missing"), 3)
        for item in missing:
            r = results[item.id]
            # TRANSLATORS: follows an item's name; level is its compliance level ("1 Planned").
            paragraph = ctx.bullet(
                _("now %(level)s. An auditor will look for: %(evidence)s",
                  level=level_text(c_labels, r.compliance), evidence=item.conformity_evidence),
                label=_name(item),
            )
            for action in actions.get(item.id, []):
                if action.kind == "conformity":  # what to do about it, said here once
                    paragraph.add_run(" ")
                    paragraph.add_run(_("Action %(number)s:", number=action.priority)).bold = True
                    paragraph.add_run(" " + _action_text(action))
    if open_items:
        ctx.bullet(", ".join(_name(i) for i in open_items), label=_("Not yet assessed"))
    _not_applicable(ctx, not_applicable)

    if binder:
        ctx.heading(_("Signs of compliance-only practice"), 3)
        weighty = sorted(binder, key=lambda i: (-results[i.id].weight, i.id))
        for item in weighty[:SIGNS_SHOWN]:
            ctx.bullet(item.compliance_only_signs, label=_name(item))

    chosen = sorted((a for i in items for a in actions.get(i.id, [])),
                    key=lambda a: a.priority)
    if not chosen:
        ctx.para(_("No action: the answered items in this clause meet both thresholds."))
        return
    # conformity actions of missing requirements are given under "Missing" above
    said = {i.id for i in missing}
    conformity = [a for a in chosen if a.kind != "outcome" and a.item_id not in said]
    outcome = [a for a in chosen if a.kind == "outcome"]
    if not conformity and not outcome:
        return
    ctx.heading(_("Recommended actions"), 3)
    for action in conformity + outcome[:OUTCOME_SHOWN]:
        ctx.bullet(_action_text(action), label=f"{action.priority}. {action.title}")
    rest = outcome[OUTCOME_SHOWN:]
    if rest:
        ctx.para(ngettext(
            "And %(num)d more outcome action in this clause (%(days)s person-days), due by "
            "%(last)s.",
            "And %(num)d more outcome actions in this clause (%(days)s person-days), due by "
            "%(last)s.", len(rest), days=score(sum(a.person_days for a in rest)),
            last=long_date(max(a.due for a in rest))))


def _action_text(action: RoadmapAction) -> str:
    kind = ACTION_KINDS.get(action.kind, action.kind)
    if action.status == "done":
        # TRANSLATORS: a recommended action the team marked done on the roadmap.
        return _("%(description)s (%(kind)s, %(phase)s: done.)",
                 description=action.description, kind=kind, phase=action.phase)
    return (_("%(description)s (%(kind)s, %(phase)s, agreed due date %(due)s.)",
              description=action.description, kind=kind, phase=action.phase,
              due=long_date(action.due)) if action.agreed else
            _("%(description)s (%(kind)s, %(phase)s, due %(due)s.)",
              description=action.description, kind=kind, phase=action.phase,
              due=long_date(action.due)))


def _not_applicable(ctx: ReportContext, items: list[Item]) -> None:
    """One bullet per justification: the items it covers, then the justification."""
    by_reason: dict[str, list[Item]] = {}
    for item in items:
        answer = ctx.answers.get(item.id)
        by_reason.setdefault(getattr(answer, "justification", "").strip(), []).append(item)
    for justification, covered in by_reason.items():
        ctx.bullet(_("not applicable. %(justification)s", justification=justification).strip()
                   if justification else _("not applicable."),
                   label="; ".join(_name(i) for i in covered))


def _name(item: Item) -> str:
    return f"{item.title} ({item.clause})"
