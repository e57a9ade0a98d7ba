"""A plain-text summary of an assessment, for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gapassess.domain.classification import CLASSES
from gapassess.domain.wording.roadmap_text import reason_text
from gapassess.i18n import _, ngettext, pgettext

if TYPE_CHECKING:
    from gapassess.domain.engine.results import AssessmentResult

TOP_ACTIONS = 10


def _pct(value: float | None) -> str:
    return f"{_('n/a'):>5}" if value is None else f"{value:4.0f}%"


def _num(value: float | None) -> str:
    return _("n/a") if value is None else f"{value:.0f}"


def _kind(kind: str) -> str:
    """An action's kind as the action list shows it (the kind itself stays the key)."""
    words = {
        "conformity": pgettext("action kind", "conformity"),
        "outcome": pgettext("action kind", "outcome"),
        "milestone": pgettext("action kind", "milestone"),
    }
    return words.get(kind, kind)


def _measures(result: AssessmentResult) -> list[str]:
    """The overall measures, one line each: name, percentage, what it counts."""
    model = result.model
    o = result.overall
    rows = [
        (_("Conformity readiness"), o.conformity_readiness,
         _("requirements at or above the compliance threshold (level %(level)s)",
           level=model.thresholds.compliance)),
        (_("Transition readiness"), o.transition_readiness,
         _("the same, on requirements the 2026 edition changed")),
        (_("Outcome maturity"), o.outcome_maturity, _("weighted outcome score")),
        (_("Compliance-only share"), o.compliance_only_share,
         _("conforming requirements whose results are not yet managed")),
        (_("Completion"), o.completion,
         # TRANSLATORS: the English says "items" whatever the number.
         ngettext("%(answered)d of %(num)d applicable items answered",
                  "%(answered)d of %(num)d applicable items answered", o.applicable,
                  answered=o.answered)),
    ]
    width = max(len(name) for name, _value, _text in rows) + 2
    return [f"  {name:<{width}}{_pct(value)}  {text}" for name, value, text in rows]


def summary_lines(result: AssessmentResult, title: str = "") -> list[str]:
    model = result.model
    o = result.overall
    name = model.class_name(o.classification) or _("not enough answers to classify")
    heading = " - ".join(part for part in (result.organisation, title) if part)
    lines = [heading or _("Gap assessment"),
             _("Questionnaire %(questionnaire)s version %(questionnaire_version)s, scoring "
               "model %(model)s version %(model_version)s",
               questionnaire=result.questionnaire_id,
               questionnaire_version=result.questionnaire_version, model=model.id,
               model_version=model.version), ""]
    counts_by_class = ", ".join(
        # TRANSLATORS: a number of items and the name of their class ("12 gap").
        _("%(count)d %(class_name)s", count=o.class_counts[c],
          class_name=model.class_name(c).lower())
        for c in CLASSES)
    lines += [
        _("Overall: %(class_name)s (compliance %(compliance)s, outcome %(outcome)s out of 100)",
          class_name=name, compliance=_num(o.compliance_score), outcome=_num(o.outcome_score)),
        *_measures(result),
        # TRANSLATORS: followed by the number of items in each class.
        "  " + _("Items: %(counts)s", counts=counts_by_class),
        "",
        # TRANSLATORS: headings of the clause table: compliance score, outcome score, class,
        # then the numbers of items that are gaps, informal, compliance-only, outcome-driven.
        f"{_('Clause'):<52} {_('Compl.'):>6} {_('Outc.'):>6}  {_('Class'):<16} "
        f"{_('gap'):>4} {_('inf'):>4} {_('c-o'):>4} {_('o-d'):>4}",
    ]
    for clause in result.clauses:
        indent = "" if clause.level == "clause" else "  "
        label = f"{indent}{clause.clause} {clause.title}"
        if len(label) > 52:
            label = label[:49] + "..."
        counts = " ".join(f"{clause.class_counts[c]:>4}" for c in CLASSES)
        lines.append(f"{label:<52} {_num(clause.compliance_score):>6} "
                     f"{_num(clause.outcome_score):>6}  "
                     f"{model.class_name(clause.classification) or '-':<16} {counts}")
    return lines + _roadmap_lines(result)


def _roadmap_lines(result: AssessmentResult) -> list[str]:
    """The plan: phases, the first actions with their first reason, feasibility, notes."""
    rm = result.roadmap
    lines = ["", _plan_line(result)]
    lines += ["  " + _("%(phase)s: %(start)s to %(end)s", phase=p.name,
                       start=p.start.isoformat(), end=p.end.isoformat()) for p in rm.phases]
    lines += ["", _("Top actions (%(shown)d of %(total)d):",
                    shown=min(TOP_ACTIONS, len(rm.actions)), total=len(rm.actions))]
    for action in rm.actions[:TOP_ACTIONS]:
        where = f" {action.clause}" if action.clause else ""
        lines.append(f"  {action.priority:>3}. [{_kind(action.kind)}{where}] {action.title}")
        lines.append("       " + _("%(start)s to %(due)s; %(reason)s",
                                   start=action.start.isoformat(), due=action.due.isoformat(),
                                   reason=reason_text(action.reasons[0]) if action.reasons
                                   else ""))
    lines.append("")
    last = [a for a in rm.actions if a.kind != "outcome"]
    if rm.feasible and last:
        lines.append(_("Feasible: yes. Conformity work and the 2026 milestones end on "
                       "%(end)s; the latest date that works is %(latest)s.",
                       end=last[-1].due.isoformat(),
                       latest=rm.milestone_deadline.isoformat()))
    elif rm.feasible:
        lines.append(_("Feasible: yes."))
    else:
        short = {"days": f"{rm.shortfall_days:.1f}", "months": f"{rm.shortfall_months:.1f}",
                 "capacity": f"{rm.capacity:g}"}
        lines.append(_("Feasible: NO. %(days)s person-days short before the target "
                       "(%(months)s months at %(capacity)s person-days a month): add capacity "
                       "or move the target date.", **short))
    lines += [_("Note: %(note)s", note=reason_text(note)) for note in rm.notes]
    return lines


def _plan_line(result: AssessmentResult) -> str:
    rm = result.roadmap
    values = {"start": rm.start_date.isoformat(), "target": rm.target_date.isoformat(),
              "capacity": f"{rm.capacity:g}", "days": f"{rm.total_days:.0f}"}
    if rm.target_date_default:
        return _("Roadmap from %(start)s to target audit %(target)s (default), %(capacity)s "
                 "person-days a month, %(days)s person-days of work", **values)
    return _("Roadmap from %(start)s to target audit %(target)s, %(capacity)s person-days a "
             "month, %(days)s person-days of work", **values)
