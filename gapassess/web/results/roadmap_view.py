"""The roadmap as the page shows it: phases, actions in priority order, and people's edits."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gapassess.db.models import ROADMAP_STATUSES, RoadmapEdit
from gapassess.db.roadmap_edits import plain_edits
from gapassess.domain.bidi import isolate
from gapassess.domain.engine.owners import FROM_ITEM, with_edits
from gapassess.domain.wording.roadmap_text import STATUS_LABELS, reason_texts
from gapassess.i18n import _, lazy_gettext

if TYPE_CHECKING:
    from gapassess.domain.engine import Phase, Roadmap, RoadmapAction
    from gapassess.domain.questionnaire import Questionnaire

KIND_LABELS = {
    "conformity": lazy_gettext("Conformity"),
    "outcome": lazy_gettext("Outcome"),
    "milestone": lazy_gettext("Milestone"),
}
ITEM_KINDS = ("conformity", "outcome")
# TRANSLATORS: the kind of an item's action, in brackets after the item's title.
KIND_WORDS = {"conformity": lazy_gettext("conformity"), "outcome": lazy_gettext("outcome")}


def _titled(title: str, kind: str) -> str:
    return _("%(title)s (%(kind)s)", title=title, kind=KIND_WORDS.get(kind, kind))


def action_label(action: RoadmapAction) -> str:
    """How links and messages name an action. Both actions of an item carry the item's short
    title, so the kind tells them apart: "Quality culture promoted by top management
    (conformity)". Milestones have titles of their own."""
    if action.kind in ITEM_KINDS:
        return _titled(action.title, action.kind)
    return action.title


def stale_label(action_id: str, questionnaire: Questionnaire | None) -> str:
    """The name of an action the roadmap no longer holds, from its item's title ("" when the
    item is gone from the bank, or for a milestone)."""
    item_id, _slash, kind = action_id.partition("/")
    if questionnaire is None or kind not in ITEM_KINDS:
        return ""
    try:
        return _titled(questionnaire.item(item_id).title, kind)
    except KeyError:
        return ""


def anchor(action_id: str) -> str:
    """An HTML id for an action id such as "4.1-climate-relevance/conformity"."""
    return "action-" + re.sub(r"[^a-z0-9]+", "-", action_id.lower()).strip("-")


@dataclass
class ActionRow:
    action: RoadmapAction
    edit: RoadmapEdit | None
    anchor: str
    depends: list[tuple[str, str]]  # (anchor, title) of the actions this one waits for

    @property
    def status(self) -> str:
        return self.edit.status if self.edit else "planned"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.action.kind, self.action.kind))

    @property
    def label(self) -> str:
        return action_label(self.action)

    @property
    def reasons(self) -> list[str]:
        """Why the action comes where it does, in words."""
        return reason_texts(self.action.reasons)

    @property
    def owner_label(self) -> str:
        """Who owns the action, saying so when it is its item's owner (the default)."""
        if self.action.owner_source == FROM_ITEM:
            # TRANSLATORS: the owner given on the questionnaire item, not on the roadmap.
            return _("%(owner)s (from the item)", owner=isolate(self.action.owner))
        return self.action.owner or _("not assigned")


@dataclass
class StaleEdit:
    edit: RoadmapEdit
    label: str  # "" when nothing better than the action id is known


@dataclass
class PhaseRow:
    phase: Phase | None  # None: the actions of no known phase
    actions: list[ActionRow] = field(default_factory=list)


@dataclass
class RoadmapView:
    roadmap: Roadmap
    phases: list[PhaseRow]
    milestones: list[ActionRow]
    status_counts: list[tuple[str, str, int]]
    stale_edits: list[StaleEdit]  # edits of actions the current answers no longer call for
    notes: list[str] = field(default_factory=list)  # the roadmap's notes, in words


def owned(roadmap: Roadmap, edits: Mapping[str, RoadmapEdit]) -> Roadmap:
    """The roadmap with the edits applied: each action's owner (the edit's, else its
    item's), agreed due date, status and notes (engine/owners.py)."""
    return with_edits(roadmap, plain_edits(edits))


def build(roadmap: Roadmap, edits: Mapping[str, RoadmapEdit],
          questionnaire: Questionnaire | None = None) -> RoadmapView:
    roadmap = owned(roadmap, edits)
    actions = sorted(roadmap.actions, key=lambda a: a.priority)
    labels = {a.id: action_label(a) for a in actions}
    rows = [
        ActionRow(
            action=a,
            edit=edits.get(a.id),
            anchor=anchor(a.id),
            depends=[(anchor(d), labels.get(d, d)) for d in a.depends_on],
        )
        for a in actions
    ]
    phases = [PhaseRow(p) for p in roadmap.phases]
    by_name: dict[str, PhaseRow] = {}
    for phase, phase_row in zip(roadmap.phases, phases, strict=True):
        by_name[phase.name] = phase_row
        if phase.key:
            by_name[phase.key] = phase_row
    loose = PhaseRow(None)
    for row in rows:
        by_name.get(row.action.phase, loose).actions.append(row)
    if loose.actions:
        phases.append(loose)
    counts = Counter(row.status for row in rows)
    current = {a.id for a in actions}
    return RoadmapView(
        roadmap=roadmap,
        notes=reason_texts(roadmap.notes),
        phases=phases,
        milestones=[r for r in rows if r.action.kind == "milestone"],
        status_counts=[(s, str(STATUS_LABELS[s]), counts.get(s, 0)) for s in ROADMAP_STATUSES],
        stale_edits=[
            StaleEdit(e, stale_label(e.action_id, questionnaire))
            for e in sorted(
                (e for k, e in edits.items() if k not in current), key=lambda e: e.action_id
            )
        ],
    )
