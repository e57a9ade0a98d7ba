"""A plain-text summary of an assessment, for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gapassess.domain.classification import CLASSES
from gapassess.domain.wording.roadmap_text import reason_text

if TYPE_CHECKING:
    from gapassess.domain.engine.results import AssessmentResult

TOP_ACTIONS = 10


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:4.0f}%"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def summary_lines(result: AssessmentResult, title: str = "") -> list[str]:
    model = result.model
    o = result.overall
    name = model.class_name(o.classification) or "not enough answers to classify"
    heading = " - ".join(part for part in (result.organisation, title) if part)
    lines = [heading or "Gap assessment",
             f"Questionnaire {result.questionnaire_id} version {result.questionnaire_version}, "
             f"scoring model {model.id} version {model.version}", ""]
    lines += [
        f"Overall: {name} (compliance {_num(o.compliance_score)}, "
        f"outcome {_num(o.outcome_score)} out of 100)",
        f"  Conformity readiness   {_pct(o.conformity_readiness)}  requirements at or above "
        f"the compliance threshold (level {model.thresholds.compliance})",
        f"  Transition readiness   {_pct(o.transition_readiness)}  the same, on requirements "
        "the 2026 edition changed",
        f"  Outcome maturity       {_pct(o.outcome_maturity)}  weighted outcome score",
        f"  Compliance-only share  {_pct(o.compliance_only_share)}  conforming requirements "
        "whose results are not yet managed",
        f"  Completion             {_pct(o.completion)}  {o.answered} of {o.applicable} "
        "applicable items answered",
        "  Items: " + ", ".join(f"{o.class_counts[c]} {model.class_name(c).lower()}"
                                for c in CLASSES),
        "",
        f"{'Clause':<52} {'Compl.':>6} {'Outc.':>6}  {'Class':<16} "
        f"{'gap':>4} {'inf':>4} {'c-o':>4} {'o-d':>4}",
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
    lines += [f"  {p.name}: {p.start.isoformat()} to {p.end.isoformat()}" for p in rm.phases]
    lines += ["", f"Top actions ({min(TOP_ACTIONS, len(rm.actions))} of {len(rm.actions)}):"]
    for action in rm.actions[:TOP_ACTIONS]:
        where = f" {action.clause}" if action.clause else ""
        lines.append(f"  {action.priority:>3}. [{action.kind}{where}] {action.title}")
        lines.append(f"       {action.start.isoformat()} to {action.due.isoformat()}; "
                     f"{reason_text(action.reasons[0]) if action.reasons else ''}")
    lines.append("")
    last = [a for a in rm.actions if a.kind != "outcome"]
    if rm.feasible and last:
        lines.append(f"Feasible: yes. Conformity work and the 2026 milestones end on "
                     f"{last[-1].due.isoformat()}; the latest date that works is "
                     f"{rm.milestone_deadline.isoformat()}.")
    elif rm.feasible:
        lines.append("Feasible: yes.")
    else:
        lines.append(f"Feasible: NO. {rm.shortfall_days:.1f} person-days short before the "
                     f"target ({rm.shortfall_months:.1f} months at {rm.capacity:g} "
                     "person-days a month): add capacity or move the target date.")
    lines += [f"Note: {reason_text(note)}" for note in rm.notes]
    return lines


def _plan_line(result: AssessmentResult) -> str:
    rm = result.roadmap
    source = " (default)" if rm.target_date_default else ""
    return (f"Roadmap from {rm.start_date.isoformat()} to target audit "
            f"{rm.target_date.isoformat()}{source}, {rm.capacity:g} person-days a month, "
            f"{rm.total_days:.0f} person-days of work")
