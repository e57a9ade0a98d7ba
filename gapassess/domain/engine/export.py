"""Plain-data views of an assessment result: the stable JSON object and DataFrame rows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from gapassess.domain.classification import CLASSES
from gapassess.domain.wording.roadmap_text import reason_text

if TYPE_CHECKING:
    from gapassess.domain.engine.reasons import Reason
    from gapassess.domain.engine.results import (
        AssessmentResult,
        ClauseResult,
        ItemResult,
        RoadmapAction,
    )
    from gapassess.domain.scoring_model import ScoringModel
    from gapassess.domain.transition import Certification, TransitionRules

#: Version of the JSON layout (docs/scoring.md, "JSON output"). 2: reasons and notes are
#: objects; questionnaire title and standard, model title and thresholds, item titles added.
JSON_FORMAT_VERSION = 2


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def item_row(r: ItemResult) -> dict[str, Any]:
    return {
        "item_id": r.item_id, "clause": r.clause, "title": r.title, "compliance": r.compliance,
        "outcome": r.outcome, "status": r.status, "classification": r.classification,
        "weight": round(r.weight, 4), "change": r.change, "tags": list(r.tags),
        "advisory": r.advisory, "compliance_gap": r.compliance_gap,
        "outcome_gap": r.outcome_gap, "partial": r.partial,
    }


def clause_row(r: ClauseResult, flat: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "clause": r.clause, "level": r.level, "title": r.title,
        "compliance_score": _round(r.compliance_score), "outcome_score": _round(r.outcome_score),
        "classification": r.classification,
    }
    if flat:
        row.update({name: r.class_counts.get(name, 0) for name in CLASSES})
    else:
        row["counts"] = {name: r.class_counts.get(name, 0) for name in CLASSES}
    row["answered"] = r.answered
    row["applicable"] = r.applicable
    return row


def reason_row(reason: Reason) -> dict[str, Any]:
    """A reason or note as JSON: its code, its parameters and the English sentence."""
    return {"code": reason.code, "params": reason.plain_params(), "text": reason_text(reason)}


def action_row(a: RoadmapAction) -> dict[str, Any]:
    return {
        "priority": a.priority, "id": a.id, "item_id": a.item_id, "kind": a.kind,
        "title": a.title, "description": a.description, "clause": a.clause, "phase": a.phase,
        "start": a.start.isoformat(), "due": a.due.isoformat(),
        "reasons": [reason_row(r) for r in a.reasons], "depends_on": list(a.depends_on),
        "effort": a.effort,
        "person_days": round(a.person_days, 2),
        "owner": a.owner,
    }


def model_row(model: ScoringModel) -> dict[str, Any]:
    """What a reader of the JSON needs from the scoring model: which one, and its thresholds."""
    return {
        "id": model.id, "version": model.version, "title": model.title,
        "thresholds": {"compliance": model.thresholds.compliance,
                       "outcome": model.thresholds.outcome},
    }


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def certification_row(certification: Certification) -> dict[str, Any]:
    return {"status": certification.status,
            "certificate_expiry": _day(certification.certificate_expiry),
            "next_audit": _day(certification.next_audit)}


def transition_row(rules: TransitionRules | None) -> dict[str, Any] | None:
    """The transition dates the plan used, each with its status and source."""
    if rules is None:
        return None
    dates = {name: {"date": when.date.isoformat(), "status": when.status,
                    "source": when.source}
             for name, when in (("published", rules.published),
                                ("transition_end", rules.transition_end),
                                ("all_audits_new_edition", rules.all_audits_new_edition))}
    return {"id": rules.id, "version": rules.version, "from_edition": rules.from_edition,
            "to_edition": rules.to_edition, **dates}


def result_dict(result: AssessmentResult) -> dict[str, Any]:
    o = result.overall
    rm = result.roadmap
    return {
        "format": JSON_FORMAT_VERSION,
        "questionnaire": {"id": result.questionnaire_id,
                          "version": result.questionnaire_version,
                          "title": result.questionnaire_title, "standard": result.standard},
        "model": model_row(result.model),
        "organisation": result.organisation,
        "certification": certification_row(result.certification),
        "transition": transition_row(result.transition),
        "overall": {
            "classification": o.classification,
            "conformity_readiness": _round(o.conformity_readiness),
            "transition_readiness": _round(o.transition_readiness),
            "outcome_maturity": _round(o.outcome_maturity),
            "compliance_only_share": _round(o.compliance_only_share),
            "completion": _round(o.completion),
            "compliance_score": _round(o.compliance_score),
            "outcome_score": _round(o.outcome_score),
            "answered": o.answered, "applicable": o.applicable, "total": o.total,
            "counts": {name: o.class_counts.get(name, 0) for name in CLASSES},
        },
        "clauses": [clause_row(c) for c in result.clauses],
        "items": [item_row(i) for i in result.items],
        "roadmap": [action_row(a) for a in rm.actions],
        "phases": [{"key": p.key, "name": p.name, "start": p.start.isoformat(),
                    "end": p.end.isoformat(), "goal": p.goal} for p in rm.phases],
        "feasible": rm.feasible,
        "shortfall": {"person_days": round(rm.shortfall_days, 1),
                      "months": round(rm.shortfall_months, 1)},
        "target_date": rm.target_date.isoformat(),
        "target_date_default": rm.target_date_default,
        "milestone_deadline": rm.milestone_deadline.isoformat(),
        "start_date": rm.start_date.isoformat(),
        "capacity": rm.capacity,
        "total_person_days": round(rm.total_days, 1),
        "notes": [reason_row(n) for n in rm.notes],
    }
