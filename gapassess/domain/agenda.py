"""Workshop agendas: which items of a question bank a workshop takes, and in what order.

A selection names top clauses ("5"), sub-clauses (an item's clause: "5.1.1", or any clause
above it: "5.1"), change kinds (what the 2026 edition did to the requirement), statuses
(not answered yet in this assessment; disputed in an earlier workshop, this assessment's or
the one it was started from; carried from an earlier assessment and not yet confirmed;
evidence older than ``EVIDENCE_MAX_AGE_DAYS``), "what changed" and items picked one by one.
How they combine:

- clauses and sub-clauses give the scope: an item in any of them (all items when none);
- change kinds and statuses narrow that scope: an item of one of the chosen kinds, with one
  of the chosen statuses;
- "what changed" (``Selection.changed``, the "re-rate only what changed" selection) adds
  every item of the scope with at least one of the ``change_reasons``: new or expanded in
  2026, carried and not yet confirmed, disputed last time, or evidence too old;
- items picked one by one are always added.

A selection that names nothing selects nothing. The result is in question-bank order; the
consultant then reorders the agenda with ``move``, ``move_up``, ``move_down`` and
``remove``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from gapassess.domain.questionnaire.numbering import covers, top_clause
from gapassess.domain.workshop import item_spread

UNANSWERED = "unanswered"  # i18n: not shown
DISPUTED = "disputed"  # i18n: not shown
TO_CONFIRM = "to-confirm"  # i18n: not shown
STALE_EVIDENCE = "stale-evidence"  # i18n: not shown
#: The statuses a selection may ask for.
STATUSES: tuple[str, ...] = (UNANSWERED, DISPUTED, TO_CONFIRM, STALE_EVIDENCE)
#: Evidence last changed longer ago than this (twelve months) is to be looked at again.
EVIDENCE_MAX_AGE_DAYS = 365
#: The change kinds of the 2026 edition that make an item worth rating again.
CHANGED_KINDS: frozenset[str] = frozenset({"new", "expanded"})
NEW_IN_EDITION = "new-or-expanded"  # i18n: not shown
#: Why an item is in "what changed", in the order they are told.
CHANGE_REASONS: tuple[str, ...] = (NEW_IN_EDITION, TO_CONFIRM, DISPUTED, STALE_EVIDENCE)

Vote = tuple[int | None, int | None]


class AgendaItem(Protocol):
    """What a selection needs of a question-bank item (``questionnaire.Item`` has it)."""

    @property
    def id(self) -> str: ...

    @property
    def clause(self) -> str: ...

    @property
    def change(self) -> str: ...


@dataclass(frozen=True)
class Selection:
    """What the consultant asked for; every part may be empty."""

    clauses: frozenset[str] = frozenset()
    subclauses: frozenset[str] = frozenset()
    change_kinds: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    items: frozenset[str] = frozenset()
    changed: bool = False  # add what changed (see change_reasons)

    @property
    def filters(self) -> bool:
        """True when the selection names anything besides items picked one by one."""
        return bool(self.clauses or self.subclauses or self.change_kinds or self.statuses
                    or self.changed)

    @property
    def empty(self) -> bool:
        return not (self.filters or self.items)


#: A selection taking the items worth rating again: "re-rate only what changed".
CHANGED = Selection(changed=True)


@dataclass(frozen=True)
class ItemStates:
    """What this assessment knows about its items: answered ones, disputed ones (here or
    in the assessment it was started from), carried ones not yet confirmed, and those whose
    evidence is older than ``EVIDENCE_MAX_AGE_DAYS`` (see ``stale_evidence``)."""

    answered: frozenset[str] = frozenset()
    disputed: frozenset[str] = frozenset()
    to_confirm: frozenset[str] = frozenset()
    stale_evidence: frozenset[str] = frozenset()

    def has(self, status: str, item_id: str) -> bool:
        if status == UNANSWERED:
            return item_id not in self.answered
        if status == DISPUTED:
            return item_id in self.disputed
        if status == TO_CONFIRM:
            return item_id in self.to_confirm
        if status == STALE_EVIDENCE:
            return item_id in self.stale_evidence
        raise ValueError(f"unknown status {status!r}")


def evidence_is_stale(evidence_at: datetime | None, now: datetime) -> bool:
    """True when evidence dated ``evidence_at`` is older than ``EVIDENCE_MAX_AGE_DAYS`` on
    ``now`` (undated evidence, or none, is not)."""
    return evidence_at is not None and evidence_at < now - timedelta(days=EVIDENCE_MAX_AGE_DAYS)


def stale_evidence(evidence_dates: Mapping[str, datetime | None],
                   now: datetime) -> frozenset[str]:
    """The item ids whose evidence, dated by item id in ``evidence_dates``, is too old."""
    return frozenset(item_id for item_id, at in evidence_dates.items()
                     if evidence_is_stale(at, now))


def change_reasons(item: AgendaItem, states: ItemStates) -> tuple[str, ...]:
    """Why ``item`` is worth rating again, in ``CHANGE_REASONS`` order (empty: it is not):
    new or expanded in 2026, carried and not yet confirmed, disputed last time, evidence
    too old."""
    return tuple(reason for reason in CHANGE_REASONS
                 if (item.change in CHANGED_KINDS if reason == NEW_IN_EDITION
                     else states.has(reason, item.id)))


def _in_scope(item: AgendaItem, selection: Selection) -> bool:
    if not (selection.clauses or selection.subclauses):
        return True
    return top_clause(item.clause) in selection.clauses or any(
        covers(item.clause, chosen) for chosen in selection.subclauses
    )


def matches(item: AgendaItem, selection: Selection, states: ItemStates) -> bool:
    """True when ``selection`` takes ``item``."""
    if item.id in selection.items:
        return True
    if not selection.filters or not _in_scope(item, selection):
        return False
    if selection.changed:
        if change_reasons(item, states):
            return True
        if not (selection.change_kinds or selection.statuses):
            return False
    if selection.change_kinds and item.change not in selection.change_kinds:
        return False
    return not selection.statuses or any(
        states.has(status, item.id) for status in selection.statuses
    )


def select_items(
    items: Iterable[AgendaItem], selection: Selection, states: ItemStates | None = None
) -> list[str]:
    """The ids of the items ``selection`` takes, in the order of ``items`` (the bank's)."""
    known = states or ItemStates()
    return [item.id for item in items if matches(item, selection, known)]


def disputed_items(
    workshops: Iterable[Mapping[str, Iterable[Vote]]], threshold: int
) -> frozenset[str]:
    """Items on which the room of at least one workshop disagreed: its votes on the item
    spread by ``threshold`` levels or more on an axis (``workshop.item_spread``). Each
    workshop is its item id -> (compliance, outcome) votes; rooms are not pooled."""
    return frozenset(
        item_id
        for votes_by_item in workshops
        for item_id, votes in votes_by_item.items()
        if item_spread(votes, threshold).disagreement
    )


# --- reordering ----------------------------------------------------------------------------


def _position(agenda: Sequence[str], item_id: str) -> int:
    try:
        return list(agenda).index(item_id)
    except ValueError:
        raise ValueError(f"{item_id!r} is not on the agenda") from None


def move(agenda: Sequence[str], item_id: str, position: int) -> list[str]:
    """``agenda`` with ``item_id`` at ``position`` (0 is first; clamped to the agenda)."""
    rest = list(agenda)
    del rest[_position(agenda, item_id)]
    rest.insert(max(0, min(position, len(rest))), item_id)
    return rest


def move_up(agenda: Sequence[str], item_id: str) -> list[str]:
    """``item_id`` one place earlier (the first item stays first)."""
    return move(agenda, item_id, _position(agenda, item_id) - 1)


def move_down(agenda: Sequence[str], item_id: str) -> list[str]:
    """``item_id`` one place later (the last item stays last)."""
    return move(agenda, item_id, _position(agenda, item_id) + 1)


def remove(agenda: Sequence[str], item_id: str) -> list[str]:
    """``agenda`` without ``item_id``."""
    rest = list(agenda)
    del rest[_position(agenda, item_id)]
    return rest


def unknown_items(agenda: Iterable[str], known: Collection[str]) -> list[str]:
    """The ids of ``agenda`` that are not in ``known``, each once, in agenda order."""
    seen: list[str] = []
    for item_id in agenda:
        if item_id not in known and item_id not in seen:
            seen.append(item_id)
    return seen


def repeated_items(agenda: Iterable[str]) -> list[str]:
    """The ids that appear more than once in ``agenda``, each once, in agenda order."""
    seen: set[str] = set()
    twice: list[str] = []
    for item_id in agenda:
        if item_id in seen and item_id not in twice:
            twice.append(item_id)
        seen.add(item_id)
    return twice
