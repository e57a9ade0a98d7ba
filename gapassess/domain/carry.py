"""Carrying answers into a new assessment: from an earlier one, across bank versions, or
from a 2015-based gap spreadsheet.

Every way in builds a CarryPlan here, so a preview shows exactly what will be saved and
the same rules decide everywhere:

* which target item an answer goes to (the caller says, through links with a
  relationship: the same item when copying, an upgrade file between bank versions, the
  2015-to-2026 clause mapping for a spreadsheet);
* how several answers landing on one item are brought together (``combine``: the lowest
  level on each axis, texts kept side by side with where each came from);
* whether the carried answer is "to confirm" (``needs_confirmation``): everything copied
  forward or read from a file is, and so is anything moved to a new bank version unless
  it was confirmed and the new item is the same as the old;
* which change to a carried answer confirms it (``confirms``): a new rating or a change of
  "not applicable"; editing evidence or notes alone leaves the rating still to confirm.

Nothing is lost: an answer with no place in the target is listed in ``left_behind`` with
the reason, and the source itself is never changed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from gapassess.domain.answers import (
    LEVEL_FIELDS,
    TEXT_LIMITS,
    Answer,
    AnswerValue,
    ItemRule,
    answer_of,
    answer_problems,
    cut,
)
from gapassess.i18n import _, ngettext

CarryKind = Literal["copy", "move", "file"]
#: How a source answer relates to the target item: "copy" (the same item of the same bank),
#: or one of the mapping relationships, read "the source is ... of the target".
Relationship = Literal["copy", "equal", "subset", "superset", "intersect"]
#: The fields whose change confirms a carried answer.
RATING_FIELDS: tuple[str, ...] = (*LEVEL_FIELDS, "not_applicable")
#: The most characters of the "carried from" line stored with an answer.
CARRIED_FROM_LIMIT = 500


@dataclass(frozen=True)
class Origin:
    """Where a carried answer came from: a line a person reads, and when it was answered
    there (None when the source does not say, as for a spreadsheet row)."""

    label: str
    at: datetime | None = None


@dataclass(frozen=True)
class SourceAnswer:
    """An answer that may be carried: its values, where it is, whether it was itself still
    to confirm, and when its evidence was last changed."""

    answer: Answer
    origin: Origin
    to_confirm: bool = False
    evidence_at: datetime | None = None


@dataclass(frozen=True)
class Link:
    """One source answer pointing at a target item, with the relationship and a reason."""

    source: SourceAnswer
    relationship: Relationship
    note: str = ""


@dataclass(frozen=True)
class CarriedAnswer:
    """What will be saved for one target item, and why."""

    answer: Answer
    origins: tuple[Origin, ...]
    relationships: tuple[Relationship, ...]
    to_confirm: bool
    warnings: tuple[str, ...] = ()
    evidence_at: datetime | None = None
    #: The item ids of the sources, in order (a move may carry to a renamed item).
    source_ids: tuple[str, ...] = ()

    @property
    def item_id(self) -> str:
        return self.answer.item_id

    @property
    def carried_from(self) -> str:
        """The line stored with the answer: where it came from (each source, in order)."""
        return cut("; ".join(origin.label for origin in self.origins), CARRIED_FROM_LIMIT)

    @property
    def carried_at(self) -> datetime | None:
        """When the newest of its sources was answered (None when none says)."""
        dates = [origin.at for origin in self.origins if origin.at is not None]
        return max(dates) if dates else None

    @property
    def warning(self) -> str:
        return " ".join(self.warnings)


@dataclass(frozen=True)
class LeftBehind:
    """A source answer that has no place in the target, and why (shown, never dropped
    silently)."""

    source: SourceAnswer
    reason: str


@dataclass(frozen=True)
class CarryPlan:
    """Everything a carry would save, in the target bank's order."""

    kind: CarryKind
    carried: tuple[CarriedAnswer, ...]
    unanswered: tuple[str, ...]  # target items nothing is carried to
    left_behind: tuple[LeftBehind, ...] = ()
    problems: tuple[str, ...] = field(default=())  # problems that stop the carry

    @property
    def to_confirm(self) -> tuple[CarriedAnswer, ...]:
        return tuple(answer for answer in self.carried if answer.to_confirm)

    @property
    def kept(self) -> tuple[CarriedAnswer, ...]:
        """Carried as they were (confirmed, the same item)."""
        return tuple(answer for answer in self.carried if not answer.to_confirm)

    @property
    def with_warnings(self) -> tuple[CarriedAnswer, ...]:
        return tuple(answer for answer in self.carried if answer.warnings)

    @property
    def ok(self) -> bool:
        return not self.problems


class TargetBank(Protocol):
    """What a plan needs of the bank it carries into."""

    @property
    def items(self) -> Sequence[ItemRule]: ...


def needs_confirmation(kind: CarryKind, links: Sequence[Link]) -> bool:
    """Whether an answer carried through ``links`` is "to confirm" (the one rule).

    Copied forward or read from a file: always (someone has to look at it again). Moved to
    a new bank version: unless it comes from one answer that was confirmed, for an item
    the upgrade file calls equal. (``combine`` also marks any answer carried with a warning:
    a warning is something to look at.)
    """
    if kind != "move":
        return True
    return not (len(links) == 1 and links[0].relationship == "equal"
                and not links[0].source.to_confirm)


def confirms(before: Mapping[str, AnswerValue], after: Mapping[str, AnswerValue]) -> bool:
    """Whether a change from ``before`` to ``after`` confirms a carried answer: a rating
    or the not-applicable flag changed. Evidence, notes or owner alone do not."""
    return any(before.get(name) != after.get(name) for name in RATING_FIELDS)


_WARNINGS: Mapping[str, Callable[[], str]] = {
    "intersect": lambda: _("The earlier requirement only partly overlaps this one: check "
                           "the rating covers what this item asks."),
    "superset": lambda: _("The earlier answer covered more than this item: check the "
                          "rating is about this part."),
    "subset": lambda: _("This item asks for more than the earlier one did: check the "
                        "rating against what is new."),
}


def combine(target: ItemRule, kind: CarryKind, links: Sequence[Link]) -> CarriedAnswer:
    """One answer for ``target`` from the answers ``links`` point at (at least one).

    Levels: the lowest given on each axis (an answer several sources speak to is only as
    far as the weakest of them). Not applicable: only when every source says so and the
    item allows it. Texts: one source's as they are; several sources' side by side, each
    after where it came from, cut to the field's limit.
    """
    if not links:
        raise ValueError("combine needs at least one link")  # i18n: not shown
    answers = [link.source.answer for link in links]
    warnings: list[str] = []
    seen_kinds: list[str] = []
    for link in links:
        if link.relationship in _WARNINGS and link.relationship not in seen_kinds:
            seen_kinds.append(link.relationship)
            warnings.append(_WARNINGS[link.relationship]())
        if link.note and link.note not in warnings:
            warnings.append(link.note)
    rated = [a for a in answers if not a.not_applicable]
    not_applicable = not rated
    values: dict[str, AnswerValue] = {}
    for axis in LEVEL_FIELDS:
        levels = [level for a in rated if isinstance(level := getattr(a, axis), int)]
        values[axis] = min(levels) if levels else None
    if len(answers) > 1:
        if len({(a.compliance, a.outcome, a.not_applicable) for a in answers}) > 1:
            warnings.append(_("Brought together from %(num)d earlier answers that differ: "
                              "the lowest level on each axis is kept.", num=len(answers)))
        if rated and len(rated) < len(answers):
            warnings.append(_("Some earlier answers said not applicable and others did not: "
                              "rated as the others were."))
    labels = [link.source.origin.label for link in links]
    for name, limit in TEXT_LIMITS.items():
        if name == "justification" and not not_applicable:
            values[name] = ""
            continue
        texts = [(label, str(getattr(a, name))) for label, a in zip(labels, answers, strict=True)
                 if getattr(a, name)]
        distinct = list(dict.fromkeys(text for _label, text in texts))
        if len(distinct) <= 1:
            text = distinct[0] if distinct else ""
        elif name == "owner":
            text = "; ".join(distinct)
        else:
            text = "\n\n".join(f"{label}: {value}" for label, value in texts)
        if len(text) > limit:
            warnings.append(_("The %(field)s of the earlier answers was cut to fit.",
                              field=name))
            text = cut(text, limit)
        values[name] = text
    values["not_applicable"] = not_applicable
    answer = answer_of(target.id, values)
    if not_applicable and any(p.field == "not_applicable" for p in answer_problems(answer, target)):
        warnings.append(_("The earlier answer said not applicable, which this item does not "
                          "allow: rate it."))
        answer = answer_of(target.id, {**values, "not_applicable": False, "justification": ""})
    evidence_dates = [link.source.evidence_at for link in links
                      if link.source.evidence_at is not None and link.source.answer.evidence]
    return CarriedAnswer(
        answer=answer,
        origins=tuple(link.source.origin for link in links),
        relationships=tuple(link.relationship for link in links),
        to_confirm=needs_confirmation(kind, links) or bool(warnings),
        warnings=tuple(warnings),
        evidence_at=max(evidence_dates) if evidence_dates else None,
        source_ids=tuple(link.source.answer.item_id for link in links),
    )


def plan(
    kind: CarryKind,
    bank: TargetBank,
    links: Mapping[str, Sequence[Link]],
    left_behind: Iterable[LeftBehind] = (),
) -> CarryPlan:
    """The plan for ``bank`` given the links pointing at each of its items (by item id).

    Blank source answers carry nothing; items nobody points at stay unanswered.
    """
    carried: list[CarriedAnswer] = []
    unanswered: list[str] = []
    for item in bank.items:
        useful = [link for link in links.get(item.id, ()) if not link.source.answer.is_blank]
        if useful:
            carried.append(combine(item, kind, useful))
        else:
            unanswered.append(item.id)
    return CarryPlan(kind, tuple(carried), tuple(unanswered), tuple(left_behind))


def plan_copy(sources: Iterable[SourceAnswer], bank: TargetBank) -> CarryPlan:
    """Copy forward into the same bank version: each answer to its own item, to confirm."""
    ids = {item.id for item in bank.items}
    links: dict[str, list[Link]] = {}
    left: list[LeftBehind] = []
    for source in sources:
        if source.answer.item_id in ids:
            links[source.answer.item_id] = [Link(source, "copy")]
        elif not source.answer.is_blank:
            left.append(LeftBehind(source, _("item %(item)s is not in this bank version",
                                             item=source.answer.item_id)))
    return plan("copy", bank, links, left)


class ItemLinkLike(Protocol):
    """One link of an upgrade file between bank versions."""

    @property
    def target(self) -> str: ...

    @property
    def relationship(self) -> str: ...

    @property
    def rationale(self) -> str: ...


class UpgradeLike(Protocol):
    """What a move needs of an upgrade file: each old item's links and the removed ones."""

    @property
    def links(self) -> Mapping[str, tuple[ItemLinkLike, ...]]: ...

    @property
    def removed(self) -> Mapping[str, str]: ...


_RELATIONSHIPS: Mapping[str, Relationship] = {
    "equal": "equal", "subset": "subset", "superset": "superset", "intersect": "intersect"}


def relationship_of(name: str) -> Relationship:
    """A mapping's relationship word as the carry rules take it (ValueError for any other:
    the files it comes from are checked before)."""
    try:
        return _RELATIONSHIPS[name]
    except KeyError:
        raise ValueError(f"unknown relationship {name!r}") from None  # i18n: not shown


def plan_move(sources: Iterable[SourceAnswer], upgrade: UpgradeLike, bank: TargetBank,
              kind: CarryKind = "move") -> CarryPlan:
    """Carry answers on an old bank version to a new one through ``upgrade``.

    ``kind`` "copy" starts a new assessment on the new version from an earlier one: the
    same links, but every carried answer is to confirm.
    """
    targets: dict[str, list[Link]] = {}
    left: list[LeftBehind] = []
    for source in sources:
        item_id = source.answer.item_id
        item_links = upgrade.links.get(item_id, ())
        if not item_links:
            if not source.answer.is_blank:
                reason = upgrade.removed.get(item_id) or _(
                    "item %(item)s has no counterpart in the new bank version", item=item_id)
                left.append(LeftBehind(source, reason))
            continue
        for item_link in item_links:
            relationship = relationship_of(item_link.relationship)
            note = "" if relationship == "equal" else item_link.rationale.strip()
            targets.setdefault(item_link.target, []).append(Link(source, relationship, note))
    return plan(kind, bank, targets, left)


def ids_across(item_ids: Iterable[str], upgrade: UpgradeLike | None) -> frozenset[str]:
    """The new version's items that old items ``item_ids`` carry to through ``upgrade``
    (None: the same bank version, so the same ids); for facts about items, such as
    "disputed last time", that must follow a move."""
    if upgrade is None:
        return frozenset(item_ids)
    return frozenset(link.target for item_id in item_ids
                     for link in upgrade.links.get(item_id, ()))


#: The engine's item statuses that count as answered here.
ANSWERED_STATUSES = frozenset({"answered", "not-applicable"})


class RatedItem(Protocol):
    """What the summary needs of a scored item (engine.results.ItemResult has it)."""

    @property
    def item_id(self) -> str: ...

    @property
    def status(self) -> str: ...


def rests_on_carried(items: Iterable[RatedItem], to_confirm: Collection[str]) -> str:
    """carried_summary of a scored assessment: its answered items (the engine's statuses:
    both axes rated, or not applicable) and how many of them are carried and not yet
    confirmed."""
    answered = {item.item_id for item in items if item.status in ANSWERED_STATUSES}
    return carried_summary(len(answered), len(answered & set(to_confirm)))


def carried_summary(total_answered: int, to_confirm: int) -> str:
    """How much of an assessment rests on carried answers not yet confirmed (one wording
    for the results page, the report and the command line)."""
    if not to_confirm:
        return ""
    return ngettext(
        "%(num)d of %(total)d answered items rests on a carried answer not yet confirmed.",
        "%(num)d of %(total)d answered items rest on carried answers not yet confirmed.",
        to_confirm, total=total_answered)
