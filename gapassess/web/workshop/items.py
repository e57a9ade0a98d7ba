"""What the workshop pages show about an item: clause, question and the scale wording."""

from __future__ import annotations

from typing import Any

from gapassess.i18n import _
from gapassess.web.services.banks import bank_for

AXES = ("compliance", "outcome")


def questionnaire(assessment):
    """The assessment's bank or None when it cannot be read (pages then show item ids).

    Loaded through the shared ``bank_for``, which keeps a loaded bank in memory until
    one of its files changes.
    """
    try:
        return bank_for(assessment)
    except Exception:  # a broken bank file must not take the room down
        return None


def item_view(bank, item_id: str) -> dict[str, Any]:
    """Plain data for one item: id, title, clause and its title, question, guidance, scales."""
    item = None
    if bank is not None:
        try:
            item = bank.item(item_id)
        except KeyError:
            item = None
    if item is None:
        return {"item_id": item_id, "title": item_id, "clause": "", "clause_title": "",
                "question": item_id,
                "guidance": "", "scales": {axis: _default_levels() for axis in AXES}}
    return {
        "item_id": item.id,
        "title": item.title,
        "clause": item.clause,
        "clause_title": bank.clause_title(item.clause),
        "question": item.question,
        "guidance": item.guidance,
        "scales": {axis: _levels(bank, item, axis) for axis in AXES},
    }


def _levels(bank, item, axis: str) -> list[dict[str, Any]]:
    wording = item.scale_wording.get(axis, {})
    return [
        {"level": lvl.level, "label": lvl.label, "text": wording.get(lvl.level, lvl.description)}
        for lvl in bank.scales[axis].levels
    ]


def _default_levels() -> list[dict[str, Any]]:
    return [{"level": n, "label": _("Level %(level)d", level=n), "text": ""} for n in range(5)]
