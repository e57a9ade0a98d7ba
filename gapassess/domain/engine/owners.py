"""Who owns a roadmap action: the owner set on the roadmap, else the owner of its item.

The one rule, used by the engine (``assess``), the roadmap page, the Word report and the JSON
output alike: an action that comes from an item gets, by default, the owner entered on that
item's answer; an owner set on the roadmap (a roadmap edit whose owner is not blank) takes
its place. Milestones come from no item, so only the roadmap gives them an owner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gapassess.domain.answers import Answer
    from gapassess.domain.engine.results import AssessmentResult, Roadmap

FROM_ROADMAP = "roadmap"  # i18n: not shown (a value of RoadmapAction.owner_source)
FROM_ITEM = "item"  # i18n: not shown (a value of RoadmapAction.owner_source)

_NONE: Mapping[str, str] = {}


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


def with_owners(roadmap: Roadmap, chosen: Mapping[str, str] = _NONE, *,
                items: Mapping[str, str] | None = None) -> Roadmap:
    """A copy of ``roadmap`` whose actions carry their owner by the rule above.

    ``chosen``: owners set on the roadmap, by action id. ``items``: the items' owners, by
    item id; without it each action keeps the item owner it already has (so the roadmap of
    an assessment result only needs the roadmap's owners).
    """
    actions = []
    for action in roadmap.actions:
        default = action.item_owner
        if items is not None:
            default = items.get(action.item_id, "") if action.item_id else ""
        owner, source = action_owner(default, chosen.get(action.id))
        actions.append(replace(action, item_owner=default.strip(), owner=owner,
                               owner_source=source))
    return replace(roadmap, actions=actions)


def with_chosen_owners(result: AssessmentResult, chosen: Mapping[str, str]) -> AssessmentResult:
    """``result`` with the owners set on the roadmap applied (what every report of an
    assessment in the database shows, from the web or the command line)."""
    return replace(result, roadmap=with_owners(result.roadmap, chosen)) if chosen else result
