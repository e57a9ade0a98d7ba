"""What the agenda pages need: the selection form's choices and the agenda's rows (what
the assessment knows about its items is gapassess.web.services.item_states). The rules are
in ``gapassess.domain.agenda``."""

from __future__ import annotations

from typing import Any

from gapassess.domain import agenda
from gapassess.domain.agenda import (
    DISPUTED,
    EVIDENCE_MAX_AGE_DAYS,
    STALE_EVIDENCE,
    TO_CONFIRM,
    UNANSWERED,
    ItemStates,
    Selection,
)
from gapassess.domain.change_kinds import CHANGE_KINDS
from gapassess.domain.charts.data import CHANGE_LABELS
from gapassess.domain.questionnaire.numbering import clause_key, covers
from gapassess.i18n import _, ngettext
from gapassess.web.form_choices import choice

EDITS = {"move_up": agenda.move_up, "move_down": agenda.move_down, "remove": agenda.remove}


def _count(n: int) -> str:
    return ngettext("%(num)d item", "%(num)d items", n)


def _label(number: str, title: str, n: int) -> str:
    return _("%(number)s %(title)s (%(count)s)", number=number, title=title, count=_count(n))


def subclauses_of(items) -> list[str]:
    """The clauses below the top clause that ``items`` lie in, with every clause between
    ("9.3" for "9.3.1"), each once, in clause order."""
    numbers = {
        ".".join(parts[:depth])
        for parts in (item.clause.split(".") for item in items)
        for depth in range(2, len(parts) + 1)
    }
    return sorted(numbers, key=clause_key)


def set_choices(form, bank, states: ItemStates, threshold: int) -> None:
    """The choices of ``AgendaSelectionForm``, with how many items each would take."""
    groups = bank.items_by_clause()
    form.clauses.choices = [
        choice(top, _("All of clause %(clause)s (%(count)s)", clause=top,
                      count=_count(len(items))))
        for top, items in groups.items()
    ]
    form.subclauses.choices = [
        choice(clause, _label(clause, bank.clause_title(clause),
                              sum(covers(item.clause, clause) for item in items)))
        for items in groups.values() for clause in subclauses_of(items)
    ]
    kinds = [(kind, sum(item.change == kind for item in bank.items)) for kind in CHANGE_KINDS]
    form.change_kinds.choices = [
        choice(kind, _("%(kind)s (%(count)s)", kind=CHANGE_LABELS.get(kind, kind),
                       count=_count(n)))
        for kind, n in kinds if n
    ]
    unanswered = sum(item.id not in states.answered for item in bank.items)
    form.statuses.choices = [
        choice(UNANSWERED, _("Not answered yet (%(count)s)", count=_count(unanswered))),
        choice(DISPUTED, ngettext(
            "Disputed in an earlier workshop: the room's votes were %(num)d level or more "
            "apart (%(count)s)",
            "Disputed in an earlier workshop: the room's votes were %(num)d levels or more "
            "apart (%(count)s)", threshold, count=_count(len(states.disputed)))),
        choice(TO_CONFIRM, _("Carried from an earlier assessment and not yet confirmed "
                             "(%(count)s)", count=_count(len(states.to_confirm)))),
        choice(STALE_EVIDENCE, ngettext(
            "Evidence last changed more than %(num)d day ago (%(count)s)",
            "Evidence last changed more than %(num)d days ago (%(count)s)",
            EVIDENCE_MAX_AGE_DAYS, count=_count(len(states.stale_evidence)))),
    ]
    form.changed.label.text = _(
        "What changed: new or expanded in 2026, carried and not yet confirmed, disputed last "
        "time, or evidence more than twelve months old (%(count)s)",
        count=_count(len(agenda.select_items(bank.items, agenda.CHANGED, states))))
    form.picked.choices = [choice(item.id, f"{item.clause} {item.title}")
                           for item in bank.items]


def selection_of(form) -> Selection:
    return Selection(
        clauses=frozenset(form.clauses.data or ()),
        subclauses=frozenset(form.subclauses.data or ()),
        change_kinds=frozenset(form.change_kinds.data or ()),
        statuses=frozenset(form.statuses.data or ()),
        items=frozenset(form.picked.data or ()),
        changed=bool(form.changed.data),
    )


def selection_groups(form, bank) -> list[dict[str, Any]]:
    """The clause, sub-clause and item checkboxes of the form, grouped by top clause."""
    clauses = {box.data: box for box in form.clauses}
    subclauses = {box.data: box for box in form.subclauses}
    picked = {box.data: box for box in form.picked}
    out = []
    for top, items in bank.items_by_clause().items():
        boxes = [picked[item.id] for item in items]
        out.append({
            "top": top,
            "title": bank.clause_title(top),
            "clause": clauses[top],
            "subclauses": [subclauses[clause] for clause in subclauses_of(items)],
            "boxes": boxes,
            "open": any(box.checked for box in boxes),
        })
    return out


def agenda_rows(bank, item_ids: list[str]) -> list[dict[str, str]]:
    """Clause and title of each agenda item, in agenda order."""
    rows = []
    for item_id in item_ids:
        item = bank.item(item_id)
        rows.append({"id": item.id, "clause": item.clause, "title": item.title})
    return rows


def focus_after(edit: str, item_id: str, before: list[str], after: list[str]) -> str:
    """The id of the button to focus once an edit is shown, so that a keyboard user can
    press it again: the same button while the item can still move that way, else the
    other way; after a removal, the Remove button of the item now in its place."""
    if edit == "remove":
        if not after:
            return ""
        index = min(before.index(item_id), len(after) - 1)
        return f"remove-{index}"
    index = after.index(item_id)
    if edit == "move_up":
        return f"up-{index}" if index > 0 else f"down-{index}"
    return f"down-{index}" if index < len(after) - 1 else f"up-{index}"
