"""What the team decided about a roadmap action, applied to the engine's roadmap.

The one rule, used by the engine (``assess``), the roadmap page, the Word report and the JSON
output alike:

* owner: an action that comes from an item gets, by default, the owner entered on that
  item's answer; an owner set on the roadmap (an edit whose owner is not blank) takes its
  place. Milestones come from no item, so only the roadmap gives them an owner.
* due date: an agreed due date set on the roadmap replaces the scheduler's (which the action
  keeps as ``planned_due``); an action agreed to end before the scheduler would start it
  starts on its agreed date.
* status and notes: as set on the roadmap ("planned" and no notes by default).
* what is still to do: an action marked done is finished, whatever its date; audit work
  (conformity actions and milestones, which must be finished before the target audit)
  agreed to end after the target audit date is late (``late_agreed``).

The database keeps the edits (gapassess.db.roadmap_edits); it hands them over as plain
``ActionEdit`` values, so the rule needs neither the database nor the web.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gapassess.domain.answers import Answer
    from gapassess.domain.engine.results import AssessmentResult, Roadmap, RoadmapAction

FROM_ROADMAP = "roadmap"  # i18n: not shown (a value of RoadmapAction.owner_source)
FROM_ITEM = "item"  # i18n: not shown (a value of RoadmapAction.owner_source)

PLANNED, IN_PROGRESS, DONE, BLOCKED = "planned", "in-progress", "done", "blocked"  # i18n: not shown
#: The statuses an action can have, in the order the roadmap lists them.
STATUSES = (PLANNED, IN_PROGRESS, DONE, BLOCKED)


@dataclass(frozen=True)
class ActionEdit:
    """One action's edit as set on the roadmap page: blank owner and no due date mean "as
    planned" (the item's owner, the scheduler's date)."""

    owner: str = ""
    due: date | None = None
    status: str = PLANNED
    notes: str = ""


_NONE: Mapping[str, ActionEdit] = {}


def action_owner(item_owner: str | None, chosen: str | None) -> tuple[str, str]:
    """(owner, source) of an action: ``chosen`` (the roadmap's owner) when not blank, else
    ``item_owner`` (the owner on the item's answer); the source is FROM_ROADMAP, FROM_ITEM or
    "" when nobody owns the action."""
    chosen = (chosen or "").strip()
    if chosen:
        return chosen, FROM_ROADMAP
    default = (item_owner or "").strip()
    return (default, FROM_ITEM) if default else ("", "")


def item_owners(answers: Mapping[str, Answer]) -> dict[str, str]:
    """The owner entered on each answered item, by item id (blank owners left out)."""
    return {iid: answer.owner.strip() for iid, answer in answers.items()
            if answer.owner.strip()}


def with_edits(roadmap: Roadmap, edits: Mapping[str, ActionEdit] = _NONE, *,
               items: Mapping[str, str] | None = None) -> Roadmap:
    """A copy of ``roadmap`` whose actions carry the edits by the rule above.

    ``edits``: the roadmap's edits, by action id. ``items``: the items' owners, by item id;
    without it each action keeps the item owner it already has (so the roadmap of an
    assessment result only needs the roadmap's edits). Applying edits again to an edited
    roadmap gives the same result as applying them once.
    """
    actions = []
    for action in roadmap.actions:
        default = action.item_owner
        if items is not None:
            default = items.get(action.item_id, "") if action.item_id else ""
        edit = edits.get(action.id, ActionEdit())
        owner, source = action_owner(default, edit.owner)
        planned = action.planned_due or action.due
        start = action.start
        if edit.due is not None:
            start = min(start, edit.due)
        actions.append(replace(
            action, item_owner=default.strip(), owner=owner, owner_source=source,
            due=edit.due or planned, planned_due=planned if edit.due else None, start=start,
            status=edit.status if edit.status in STATUSES else PLANNED,
            notes=edit.notes.strip()))
    return replace(roadmap, actions=actions)


def with_owners(roadmap: Roadmap, chosen: Mapping[str, str] | None = None, *,
                items: Mapping[str, str] | None = None) -> Roadmap:
    """``with_edits`` for owners alone: ``chosen`` maps action ids to owners."""
    return with_edits(roadmap, {k: ActionEdit(owner=v) for k, v in (chosen or {}).items()},
                      items=items)


def with_chosen_edits(result: AssessmentResult,
                      edits: Mapping[str, ActionEdit]) -> AssessmentResult:
    """``result`` with the roadmap's edits applied (what every report of an assessment in
    the database shows, from the web or the command line)."""
    return replace(result, roadmap=with_edits(result.roadmap, edits)) if edits else result


def is_open(action: RoadmapAction) -> bool:
    """Whether the action is still to do (not marked done on the roadmap)."""
    return action.status != DONE


def open_audit_work(roadmap: Roadmap) -> list[RoadmapAction]:
    """The conformity actions and milestones not yet done: the work that must be finished
    before the target audit."""
    return [a for a in roadmap.actions if a.kind != "outcome" and is_open(a)]


def late_agreed(roadmap: Roadmap) -> list[RoadmapAction]:
    """Open audit work whose agreed due date falls after the target audit date."""
    return [a for a in open_audit_work(roadmap)
            if a.agreed and a.due > roadmap.target_date]
