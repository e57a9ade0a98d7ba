"""Findings per clause: what is in place, what is missing, compliance-only signs, actions."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from gapassess.domain.charts.data import top_clauses
from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.document import new_section
from gapassess.domain.report.text import clean, shorten
from gapassess.domain.report.wording import level_text, long_date, score
from gapassess.i18n import _, lazy_gettext, ngettext

if TYPE_CHECKING:
    from gapassess.domain.engine import ClauseResult, ItemResult, RoadmapAction
    from gapassess.domain.questionnaire import Item

EVIDENCE_LIMIT = 300
# TRANSLATORS: the kind of a recommended action, in "(conformity action, Phase 1, due ...)".
ACTION_KINDS = {"conformity": lazy_gettext("conformity action"),
                "outcome": lazy_gettext("outcome action"),
                "milestone": lazy_gettext("milestone")}


def findings_chapter(ctx: ReportContext) -> None:
    new_section(ctx.document, landscape=False)
    ctx.chapter(_("Findings by clause"), new_page=False)
    ctx.para(_(
        "For each clause: what is in place (at or above the compliance threshold), what is "
        "missing, where practice shows the signs of a compliance-only system, and the "
        "actions the roadmap recommends. Full answers, evidence and notes are in the appendix."
    ))
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
    # TRANSLATORS: class is the clause's class from the scoring model ("compliance-only").
    ctx.para(ngettext(
        "Structure %(structure)s/100, results %(results)s/100: %(class)s. %(answered)s of "
        "%(num)d applicable item answered.",
        "Structure %(structure)s/100, results %(results)s/100: %(class)s. %(answered)s of "
        "%(num)d applicable items answered.",
        clause.applicable, structure=score(clause.compliance_score),
        results=score(clause.outcome_score), answered=clause.answered,
        **{"class": ctx.class_name(clause.classification).lower()},
    ))
    c_labels, o_labels = ctx.labels("compliance"), ctx.labels("outcome")
    answered = [i for i in items if results[i.id].status == "answered"]
    in_place = [i for i in answered if results[i.id].compliance_gap == 0 and not i.advisory]
    missing = [i for i in items if results[i.id].compliance_gap > 0]
    binder = [i for i in answered if results[i.id].classification == "compliance-only"]
    open_items = [i for i in items if results[i.id].status == "unanswered"]
    not_applicable = [i for i in items if results[i.id].status == "not-applicable"]

    ctx.heading(_("In place"), 3)
    for item in in_place:
        r = results[item.id]
        evidence = _evidence(ctx, item.id)
        levels = {"compliance": level_text(c_labels, r.compliance),
                  "outcome": level_text(o_labels, r.outcome)}
        # TRANSLATORS: follows an item's name; compliance and outcome are levels ("3
        # Applied"), evidence the evidence as entered.
        ctx.bullet(
            _("compliance %(compliance)s, outcome %(outcome)s. Evidence: %(evidence)s",
              evidence=evidence, **levels) if evidence else
            _("compliance %(compliance)s, outcome %(outcome)s.", **levels),
            label=_name(item),
        )
    if not in_place:
        ctx.para(_("No requirement in this clause is yet at the level an auditor expects."))

    ctx.heading(_("Missing"), 3)
    for item in missing:
        r = results[item.id]
        # TRANSLATORS: follows an item's name; level is its compliance level ("1 Planned").
        ctx.bullet(
            _("now %(level)s. An auditor will look for: %(evidence)s",
              level=level_text(c_labels, r.compliance), evidence=item.conformity_evidence),
            label=_name(item),
        )
    if open_items:
        ctx.bullet(", ".join(_name(i) for i in open_items), label=_("Not yet assessed"))
    if not missing and not open_items:
        ctx.para(_("Nothing: every assessed requirement in this clause meets the threshold."))
    for item in not_applicable:
        answer = ctx.answers.get(item.id)
        justification = getattr(answer, "justification", "")
        ctx.bullet(_("not applicable. %(justification)s", justification=justification).strip()
                   if justification.strip() else _("not applicable."), label=_name(item))

    if binder:
        ctx.heading(_("Signs of compliance-only practice"), 3)
        for item in binder:
            ctx.bullet(item.compliance_only_signs, label=_name(item))

    ctx.heading(_("Recommended actions"), 3)
    chosen = sorted((a for i in items for a in actions.get(i.id, [])),
                    key=lambda a: a.priority)
    for action in chosen:
        ctx.bullet(_("%(description)s (%(kind)s, %(phase)s, due %(due)s.)",
                     description=action.description,
                     kind=ACTION_KINDS.get(action.kind, action.kind), phase=action.phase,
                     due=long_date(action.due)),
                   label=f"{action.priority}. {action.title}")
    if not chosen:
        ctx.para(_("None: the answered items in this clause meet both thresholds."))


def _name(item: Item) -> str:
    return f"{item.title} ({item.clause})"


def _evidence(ctx: ReportContext, item_id: str) -> str:
    answer = ctx.answers.get(item_id)
    text = " ".join(clean(getattr(answer, "evidence", "")).split())
    return shorten(text, EVIDENCE_LIMIT)[0] if text else ""
