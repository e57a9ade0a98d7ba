"""Clause drill-down: a top clause, its sub-clauses and their items with levels and class."""

from __future__ import annotations

from dataclasses import dataclass, field

from gapassess.domain.questionnaire import clause_key
from gapassess.i18n import _, lazy_gettext

STATUS_TEXT = {
    "answered": lazy_gettext("Answered"),
    "unanswered": lazy_gettext("Not answered"),
    "not-applicable": lazy_gettext("Not applicable"),
}


@dataclass
class ItemRow:
    item_id: str
    clause: str
    title: str
    question: str
    compliance: str
    outcome: str
    status: str
    classification: str | None
    class_name: str
    change: str
    advisory: bool


@dataclass
class SubclauseRow:
    clause: str
    title: str
    result: object  # ClauseResult or None when the engine has no row for it
    class_name: str
    items: list[ItemRow] = field(default_factory=list)


def top_clauses(result) -> list:
    return sorted((c for c in result.clauses if c.level == "clause"),
                  key=lambda c: clause_key(c.clause))


def _level_text(questionnaire, item, axis: str, level: int | None) -> str:
    if level is None:
        return _("not rated")
    wording = (item.scale_wording or {}).get(axis, {}).get(level)
    if wording:
        return f"{level}: {wording}"
    scale = questionnaire.scales.get(axis)
    for scale_level in getattr(scale, "levels", []):
        if scale_level.level == level:
            return f"{level}: {scale_level.label}"
    return str(level)


def drill_down(result, questionnaire, top: str) -> list[SubclauseRow]:
    """Sub-clauses of clause ``top`` with their items; KeyError when it has none."""
    model = result.model
    rows: dict[str, SubclauseRow] = {
        c.clause: SubclauseRow(c.clause, c.title, c, model.class_name(c.classification))
        for c in result.clauses
        if c.level == "subclause" and c.clause.split(".")[0] == top
    }
    for item_result in result.items:
        item = questionnaire.item(item_result.item_id)
        if item.top_clause != top:
            continue
        row = rows.get(item.subclause)
        if row is None:
            row = rows[item.subclause] = SubclauseRow(item.subclause, "", None, "")
        row.items.append(ItemRow(
            item_id=item.id,
            clause=item.clause,
            title=item.title,
            question=item.question,
            compliance=_level_text(questionnaire, item, "compliance", item_result.compliance),
            outcome=_level_text(questionnaire, item, "outcome", item_result.outcome),
            status=STATUS_TEXT.get(item_result.status, item_result.status),
            classification=item_result.classification,
            class_name=model.class_name(item_result.classification),
            change=item_result.change,
            advisory=item_result.advisory,
        ))
    if not rows:
        raise KeyError(top)
    for row in rows.values():
        row.items.sort(key=lambda r: (clause_key(r.clause), r.item_id))
    return [rows[k] for k in sorted(rows, key=clause_key)]
