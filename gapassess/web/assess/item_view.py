"""What the questionnaire page shows for one item: scale choices, answer, history, conflict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from gapassess.db.answer_store import values_of
from gapassess.db.evidence import ADDED, DELETED
from gapassess.domain.answers import EMPTY_VALUES
from gapassess.domain.evidence import expiry_state
from gapassess.i18n import _
from gapassess.web.assess.answer_input import (
    FIELD_LABELS,
    HISTORY_LABELS,
    complete,
    fingerprint,
)
from gapassess.web.services.progress import item_status

SCALES = ("compliance", "outcome")


@dataclass(frozen=True)
class LevelChoice:
    level: int
    label: str
    description: str
    item_specific: bool


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    actor: str
    at: datetime
    action: str
    changes: list[Change]


@dataclass
class ConflictView:
    """Both versions of an item after a refused save: what is stored and what you sent."""

    item_id: str
    current_version: int
    changed_by: str
    changed_at: datetime | None
    theirs: dict[str, Any]
    yours: dict[str, Any]
    rows: list[Change]  # field, theirs, yours; only the fields that differ

    @property
    def labelled_rows(self) -> list[Change]:
        return [Change(str(FIELD_LABELS[r.field]), r.before, r.after) for r in self.rows]

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": "conflict",
            "message": _(
                "%(person)s saved this item after you opened it. "
                "Choose whether to keep their answer or overwrite it with yours.",
                person=self.changed_by,
            ),
            "item_id": self.item_id,
            "current_version": self.current_version,
            "changed_by": self.changed_by,
            "changed_at": self.changed_at.isoformat() + "Z" if self.changed_at else None,
            "theirs": self.theirs,
            "yours": self.yours,
            "fingerprint": fingerprint(self.theirs),
            "fields": [
                {
                    "field": r.field,
                    "label": FIELD_LABELS[r.field],
                    "theirs": r.before,
                    "yours": r.after,
                }
                for r in self.rows
            ],
        }


@dataclass(frozen=True)
class EvidenceView:
    """One evidence file as the item shows it; ``state`` is "expired", "soon" or ""."""

    id: int
    name: str
    evidence_date: date
    expires_on: date | None
    state: str
    size: int
    uploaded_by: str
    uploaded_at: datetime

    @property
    def size_text(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"


def evidence_views(rows, today: date) -> list[EvidenceView]:
    return [EvidenceView(r.id, r.filename, r.evidence_date, r.expires_on,
                         expiry_state(r.expires_on, today), r.size,
                         r.uploaded_by.name if r.uploaded_by else "", r.uploaded_at)
            for r in rows]


@dataclass
class ItemView:
    item: Any
    values: dict[str, Any]
    version: int
    fingerprint: str
    status: str
    levels: dict[str, list[LevelChoice]]
    updated_by: str = ""
    updated_at: datetime | None = None
    history: list[HistoryEntry] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    conflict: ConflictView | None = None
    carried: CarriedView | None = None
    files: list[EvidenceView] = field(default_factory=list)
    #: Review (gapassess.domain.review): the item's status, its assignment row (None:
    #: unassigned) and the actions the person looking may take ("submit", "accept",
    #: "return").
    review_status: str = "unassigned"
    assignment: Any = None
    review_actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class CarriedView:
    """Where a carried answer came from, what to check, and whether it waits to be
    confirmed."""

    carried_from: str
    carried_at: datetime | None
    warning: str
    to_confirm: bool


def carried_view(response) -> CarriedView | None:
    if response is None or not (response.carried_from or response.to_confirm):
        return None
    return CarriedView(response.carried_from, response.carried_at,
                       response.carry_warning or "", bool(response.to_confirm))


def level_choices(questionnaire, item) -> dict[str, list[LevelChoice]]:
    choices = {}
    for scale in SCALES:
        own = item.scale_wording.get(scale, {})
        choices[scale] = [
            LevelChoice(lv.level, lv.label, own.get(lv.level, lv.description), lv.level in own)
            for lv in questionnaire.scales[scale].levels
        ]
    return choices


def display(questionnaire, name: str, value: Any) -> str:
    """A field's value as a person reads it."""
    if name in SCALES:
        if value is None:
            return _("not rated")
        return f"{value} · {questionnaire.scales[name].levels[value].label}"
    if name == "not_applicable":
        # TRANSLATORS: whether an item was marked not applicable, in its change history.
        return _("yes") if value else _("no")
    if name == "to_confirm":  # shown as "Confirmed": the opposite of still to confirm
        return _("no") if value else _("yes")
    # TRANSLATORS: a text field of an answer had nothing in it, in its change history.
    return value if value else _("(empty)")


_EMPTY: dict[str, Any] = {**EMPTY_VALUES, "carried_from": "", "to_confirm": False}


def history_entries(questionnaire, events) -> list[HistoryEntry]:
    entries = []
    for event in events:
        before = event.before or {}
        after = event.after or {}
        if event.action in (ADDED, DELETED):
            entries.append(HistoryEntry(event.actor or "system", event.at, event.action,
                                        [_evidence_change(event.action, before, after)]))
            continue
        names = [n for n in HISTORY_LABELS if n in before or n in after]
        if event.action == "create":
            names = [n for n in names if after.get(n) != _EMPTY.get(n)]
        changes = [
            Change(
                str(HISTORY_LABELS[n]),
                display(questionnaire, n, before.get(n, _EMPTY.get(n))),
                display(questionnaire, n, after.get(n, _EMPTY.get(n))),
            )
            for n in names
        ]
        entries.append(HistoryEntry(event.actor or "system", event.at, event.action, changes))
    return entries


def _evidence_change(action: str, before: dict, after: dict) -> Change:
    label = _("Evidence file")
    if action == ADDED:
        # TRANSLATORS: an evidence file added to an item, in its change history.
        return Change(label, _("(none)"), _("%(file)s added (evidence of %(date)s)",
                                            file=after.get("evidence_file", ""),
                                            date=after.get("evidence_date", "")))
    return Change(label, str(before.get("evidence_file", "")), _("deleted"))


def history_as_json(entries: list[HistoryEntry]) -> list[dict[str, Any]]:
    """The history as the autosave endpoint returns it (the page script shows it)."""
    return [
        {
            "actor": entry.actor,
            "at": entry.at.strftime("%d %b %Y, %H:%M") + " UTC",
            "action": entry.action,
            "changes": [
                {"field": c.field, "before": c.before, "after": c.after} for c in entry.changes
            ],
        }
        for entry in entries
    ]


def conflict_view(questionnaire, conflict, response) -> ConflictView:
    """Both versions of the item; ``response`` is the stored answer (theirs)."""
    theirs = complete(conflict.theirs)
    yours = complete({**theirs, **conflict.yours})
    rows = [
        Change(
            name,
            display(questionnaire, name, theirs[name]),
            display(questionnaire, name, yours[name]),
        )
        for name in FIELD_LABELS
        if theirs[name] != yours[name]
    ]
    changed_by = _("someone else")
    if response is not None and response.updated_by is not None:
        changed_by = response.updated_by.name
    return ConflictView(
        item_id=conflict.item_id,
        current_version=conflict.current_version,
        changed_by=changed_by,
        changed_at=response.updated_at if response is not None else None,
        theirs=theirs,
        yours=yours,
        rows=rows,
    )


def item_view(questionnaire, item, response, events, files=(),
              today: date | None = None) -> ItemView:
    values = values_of(response)
    return ItemView(
        item=item,
        values=values,
        version=response.version if response is not None else 0,
        fingerprint=fingerprint(values),
        status=item_status(item, values),
        levels=level_choices(questionnaire, item),
        updated_by=response.updated_by.name if response and response.updated_by else "",
        updated_at=response.updated_at if response is not None else None,
        history=history_entries(questionnaire, events),
        carried=carried_view(response),
        files=evidence_views(files, today or date.today()),
    )
