"""Workshops: open one on an assessment, let people join with a token, pace it, close it.

Votes live in ``gapassess.db.workshop_votes``. Functions here flush; the caller commits.
"""

from __future__ import annotations

import secrets

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from gapassess.db import audit
from gapassess.db.models import (
    WORKSHOP_PACINGS,
    Assessment,
    Participant,
    User,
    Workshop,
    utcnow,
)
from gapassess.db.tokens import hash_token, new_token
from gapassess.domain.workshop_groups import ROLE_KINDS, role_label
from gapassess.i18n import _, ngettext

# No look-alikes: 0/O, 1/I/L, 2/Z, 5/S and 8/B are left out.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
# 25 ** 9 codes (about 41.8 bits): too many to guess at the rate lookups are limited to.
# Codes of workshops opened before (6 characters) keep working: lookups normalise only.
CODE_LENGTH = 9
CODE_GROUP = 3  # shown as ACD-EFG-HJK, to read out and type
NAME_MAX = 80
WORKSHOP_FIELDS = ("title", "pacing", "status", "show_names", "item_ids", "groups")


class WorkshopError(Exception):
    """Something a person asked for that the workshop cannot do; the message says why."""


class GroupNotOffered(WorkshopError):
    """A participant joining a workshop that offers groups gave none of them."""

    def __init__(self) -> None:
        super().__init__(_("Choose your group from the list."))


class WorkshopClosed(WorkshopError):
    def __init__(self) -> None:
        super().__init__(_("This workshop is closed: votes are no longer accepted."))


class ParticipantRemoved(WorkshopError):
    def __init__(self) -> None:
        super().__init__(_("The facilitator removed you from this workshop."))


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed (any case, spaces or dashes) as a stored code."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_code(code: str) -> str:
    """A stored code as people see it: groups of CODE_GROUP joined by dashes."""
    return "-".join(code[start:start + CODE_GROUP] for start in range(0, len(code), CODE_GROUP))


def open_workshop(
    session: Session,
    assessment: Assessment,
    item_ids: list[str],
    *,
    user: User | None,
    pacing: str = "facilitator",
    title: str = "",
    show_names: bool = False,
    groups: list[str] | tuple[str, ...] = (),
) -> Workshop:
    """Create an open workshop on ``assessment`` over ``item_ids`` (in that order);
    participants pick one of ``groups`` (role kinds) on joining, none when it is empty."""
    unknown = sorted(set(groups) - set(ROLE_KINDS))
    if unknown:
        raise WorkshopError(_("Unknown group: %(groups)s.", groups=", ".join(unknown)))
    if not item_ids:
        raise WorkshopError(_("Choose at least one clause for the workshop."))
    if len(set(item_ids)) != len(item_ids):
        raise WorkshopError(_("An item appears twice in the workshop."))
    if pacing not in WORKSHOP_PACINGS:
        raise WorkshopError(
            _("Pacing must be one of: %(pacings)s.", pacings=", ".join(WORKSHOP_PACINGS))
        )
    code = new_code()
    while find_by_code(session, code) is not None:
        code = new_code()
    workshop = Workshop(
        assessment_id=assessment.id,
        code=code,
        title=title.strip() or assessment.title,
        pacing=pacing,
        item_ids=list(item_ids),
        show_names=show_names,
        groups=[kind for kind in ROLE_KINDS if kind in groups],
        created_by_id=user.id if user else None,
    )
    session.add(workshop)
    session.flush()
    _audit(session, workshop, "create", user, after=audit.snapshot(workshop, WORKSHOP_FIELDS))
    return workshop


def _audit(session, workshop: Workshop, action: str, user, **values) -> None:
    audit.record(
        session,
        entity_type="workshop",
        entity_id=workshop.id,
        action=action,
        organisation_id=workshop.assessment.organisation_id,
        user=user,
        **values,
    )


def _update(session, workshop: Workshop, values: dict, user) -> None:
    audit.update_fields(
        session,
        workshop,
        values,
        WORKSHOP_FIELDS,
        entity_type="workshop",
        organisation_id=workshop.assessment.organisation_id,
        user=user,
    )


# Built once: every vote and poll from a phone looks its workshop and participant up.
_BY_CODE = select(Workshop).where(Workshop.code == bindparam("code"))


_WITH_PARTICIPANT = (
    select(Workshop, Participant)
    .join(Participant, Participant.workshop_id == Workshop.id)
    .where(Workshop.code == bindparam("code"), Participant.token_hash == bindparam("token_hash"))
)


def find_by_code(session: Session, code: str) -> Workshop | None:
    return session.scalar(_BY_CODE, {"code": normalise_code(code)})


def find_with_participant(
    session: Session, code: str, token: str | None
) -> tuple[Workshop | None, Participant | None]:
    """The workshop with this code and the participant the token belongs to in it: one query
    when the token is good (every vote and poll from a phone). A missing token, or one of
    another workshop, gives the workshop alone."""
    code = normalise_code(code)
    if token:
        params = {"code": code, "token_hash": hash_token(token)}
        row = session.execute(_WITH_PARTICIPANT, params).first()
        if row is not None:
            return row[0], row[1]
    return find_by_code(session, code), None


def workshops_for(session: Session, assessment_id: int) -> list[Workshop]:
    stmt = (
        select(Workshop)
        .where(Workshop.assessment_id == assessment_id)
        .order_by(Workshop.created_at.desc(), Workshop.id.desc())
    )
    return list(session.scalars(stmt))


def join(
    session: Session, workshop: Workshop, name: str = "", group: str | None = None
) -> tuple[Participant, str]:
    """Add a participant; returns it and its token (shown once, stored only as a hash).

    The name is optional (the facilitator then sees "Participant 3"). A workshop that
    offers groups needs one of them; one that offers none takes no group.
    """
    if not workshop.is_open:
        raise WorkshopClosed()
    name = " ".join(name.split())
    if workshop.groups and group not in workshop.groups:
        raise GroupNotOffered()
    if not workshop.groups:
        group = None
    if len(name) > NAME_MAX:
        raise WorkshopError(
            ngettext(
                "Keep the name to %(num)d character or fewer.",
                "Keep the name to %(num)d characters or fewer.",
                NAME_MAX,
            )
        )
    token, digest = new_token()
    participant = Participant(workshop_id=workshop.id, name=name, group=group,
                              token_hash=digest)
    session.add(participant)
    session.flush()
    return participant, token


_EARLIER = aliased(Participant)
#: A participant's place in the order of joining its workshop (1 for the first): the number
#: of its neutral label. Correlated with ``Participant`` in the statement that uses it.
ORDINAL = (
    select(func.count(_EARLIER.id))
    .where(_EARLIER.workshop_id == Participant.workshop_id, _EARLIER.id <= Participant.id)
    .correlate(Participant)
    .scalar_subquery()
)


def participant_label(name: str | None, ordinal: int) -> str:
    """What the facilitator and the results call a participant: the name given, else a
    neutral "Participant 3" (the third to join the workshop)."""
    return name or _("Participant %(num)d", num=ordinal)


def label_of(session: Session, participant: Participant) -> str:
    if participant.name:
        return participant.name
    ordinal = session.scalar(select(ORDINAL).where(Participant.id == participant.id)) or 0
    return participant_label("", ordinal)


def group_counts(workshop: Workshop) -> list[tuple[str, int]]:
    """(group label, people) for each group the workshop offers, counting those not removed:
    the room's make-up, which shows nobody's vote."""
    present = [p.group for p in workshop.participants if p.removed_at is None]
    return [(role_label(kind), present.count(kind)) for kind in workshop.groups]


def remove_participant(
    session: Session, workshop: Workshop, participant_id: int, *, user: User | None
) -> Participant:
    """Stop a participant's token working. Their votes stay, but no longer count."""
    participant = session.get(Participant, participant_id)
    if participant is None or participant.workshop_id != workshop.id:
        raise WorkshopError(_("That participant is not in this workshop."))
    if participant.removed_at is None:
        participant.removed_at = utcnow()
        session.flush()
        _audit(session, workshop, "remove", user,
               after={"participant": label_of(session, participant)})
    return participant


def go_to(session: Session, workshop: Workshop, index: int) -> Workshop:
    """Move the room to item ``index`` (clamped to the list); hides the spread again."""
    if not workshop.is_open:
        raise WorkshopClosed()
    index = max(0, min(index, len(workshop.item_ids) - 1))
    if index != workshop.current_index:
        workshop.current_index = index
        workshop.revealed = False
        session.flush()
    return workshop


def set_revealed(session: Session, workshop: Workshop, revealed: bool) -> Workshop:
    workshop.revealed = revealed
    session.flush()
    return workshop


def set_show_names(
    session: Session, workshop: Workshop, show: bool, *, user: User | None
) -> Workshop:
    _update(session, workshop, {"show_names": show}, user)
    return workshop


def close_workshop(session: Session, workshop: Workshop, *, user: User | None) -> Workshop:
    """Close for good: every vote is kept, new ones and new joins are refused."""
    if workshop.is_open:
        workshop.closed_at = utcnow()
        _update(session, workshop, {"status": "closed"}, user)
    return workshop


def current_item_id(workshop: Workshop) -> str:
    return workshop.item_ids[workshop.current_index]
