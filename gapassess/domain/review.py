"""Who answers which item, and the review before an assessment is final: one rule, here.

Each item of an assessment has a review status:

- ``unassigned``: nobody is asked to answer it (the start, and after an unassign);
- ``assigned``: a person (the assignee) is asked to answer it, by a due date;
- ``submitted``: the assignee says the answer is ready for review;
- ``accepted``: a reviewer agreed the answer;
- ``returned``: a reviewer sent it back with a comment saying what to change.

Roles are those of the organisation (viewer < assessor < consultant). The organisation's
*quality manager* is the member given the ``consultant`` role: it is the role that manages
the organisation (members, invitations, finalising), so there is no separate role; a
consultant firm's consultant and the client's quality manager both hold it.

Who may do what (``TRANSITIONS`` and ``decide``):

- assign / unassign: a consultant (quality manager); the assignee must be able to answer
  (assessor or consultant);
- submit: the assignee only;
- accept / return: a consultant who is not the assignee (nobody reviews their own answer);
  returning needs a comment;
- change (an answer saved on the item): anyone who may answer. An *accepted* answer that
  changes goes back to ``submitted`` so the review sees the change; in every other status
  a change leaves the status as it is.

The final rule (``final_check``): an assessment can be marked final when every applicable
item of its bank (not marked not applicable) is accepted, or when a consultant overrides
with a written reason, which is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gapassess.i18n import _

STATUSES = ("unassigned", "assigned", "submitted", "accepted", "returned")
ACTIONS = ("assign", "unassign", "submit", "accept", "return", "change")
#: The actions a person takes on an item's review (the page's buttons, the review form).
REVIEW_ACTIONS = ("submit", "accept", "return")
#: The statuses in which the assignee still has to act (answer, or answer again).
OPEN_STATUSES = ("returned", "assigned")
#: Statuses in which a change by someone else is noted: the assignee has handed the answer
#: over, so whoever changes it next may not accept it (a new submission clears it).
UNDER_REVIEW = ("submitted", "accepted")
#: "My items" order: what the assignee must act on first (returned, then assigned), then
#: what waits for review, then what is done.
_WORK_ORDER = {status: n for n, status in enumerate((*OPEN_STATUSES, "submitted", "accepted"))}
#: The roles that manage assignments and review: the consultant, who is also the
#: organisation's quality manager (see the module's docstring).
MANAGER_ROLES = frozenset({"consultant"})
#: The roles that may answer, so may be assigned items and may change answers.
ANSWER_ROLES = frozenset({"assessor", "consultant"})
COMMENT_LIMIT = 2000
REASON_LIMIT = 2000

#: (status, action) → the status after it. A pair not here is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("unassigned", "assign"): "assigned",
    ("assigned", "assign"): "assigned",  # another person or another due date
    ("returned", "assign"): "assigned",
    ("assigned", "unassign"): "unassigned",
    ("returned", "unassign"): "unassigned",
    ("assigned", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "accept"): "accepted",
    ("submitted", "return"): "returned",
    ("accepted", "return"): "returned",  # a reviewer who changes their mind
    ("accepted", "change"): "submitted",
}


@dataclass(frozen=True)
class Actor:
    """Who acts: their user id and role in the assessment's organisation (None: none)."""

    user_id: int
    role: str | None


@dataclass(frozen=True)
class Decision:
    """What an action does: the status after it, or why it is refused."""

    status: str
    refused: str = ""  # the reason, for people; "" when allowed

    @property
    def allowed(self) -> bool:
        return not self.refused


def after_change(status: str) -> str:
    """The status of an item after its answer changed (whoever changed it; the web lets
    only those who may answer)."""
    return TRANSITIONS.get((status, "change"), status)


def status_name(status: str) -> str:
    """A status as people read it."""
    names = {
        "unassigned": _("Not assigned"),
        "assigned": _("Assigned"),
        "submitted": _("Submitted for review"),
        "accepted": _("Accepted"),
        "returned": _("Returned"),
    }
    return names.get(status, status)


def _who_refusal(action: str, actor: Actor, assignee_id: int | None,
                 changed_by_id: int | None = None) -> str:
    """Why ``actor`` may not take ``action`` ("" when they may)."""
    if action in ("assign", "unassign") and actor.role not in MANAGER_ROLES:
        return _("Only a consultant or the quality manager can assign items.")
    if action == "submit" and actor.user_id != assignee_id:
        return _("Only the person the item is assigned to can submit it.")
    if action in ("accept", "return"):
        if actor.role not in MANAGER_ROLES:
            return _("Only a consultant or the quality manager can review answers.")
        if actor.user_id == assignee_id:
            return _("You answered this item, so someone else has to review it.")
        if action == "accept" and changed_by_id is not None and actor.user_id == changed_by_id:
            return _("You changed this answer last, after it was submitted, so someone "
                     "else has to accept it.")
    if action == "change" and actor.role not in ANSWER_ROLES:
        return _("Only an assessor or a consultant can change answers.")
    return ""


def _state_refusal(status: str, action: str) -> str:
    """Why ``action`` cannot be taken in ``status`` ("" when it can)."""
    if (status, action) in TRANSITIONS or action == "change":
        return ""
    if action == "assign":
        return _("The item is %(status)s: return it before assigning it again.",
                 status=status_name(status).lower())
    if action == "unassign":
        return _("The item is %(status)s, so it cannot be unassigned.",
                 status=status_name(status).lower())
    if action == "submit":
        if status == "unassigned":
            return _("The item is not assigned to anyone, so there is nothing to submit.")
        return _("The item is already %(status)s.", status=status_name(status).lower())
    return _("The item is %(status)s, not submitted, so there is nothing to review.",
             status=status_name(status).lower())


def decide(
    status: str,
    action: str,
    actor: Actor,
    *,
    assignee_id: int | None = None,
    assignee_role: str | None = None,
    comment: str = "",
    changed_by_id: int | None = None,
) -> Decision:
    """What ``action`` by ``actor`` does to an item in ``status``.

    ``assignee_id``: the item's assignee (for assign: the person to assign, whose role is
    ``assignee_role``); ``comment``: the reviewer's comment (required to return);
    ``changed_by_id``: who last changed the answer since it was submitted (nobody accepts
    their own change).
    """
    if status not in STATUSES:
        raise ValueError(f"unknown review status {status!r}")  # i18n: not shown
    if action not in ACTIONS:
        raise ValueError(f"unknown review action {action!r}")  # i18n: not shown
    refused = (_who_refusal(action, actor, assignee_id, changed_by_id)
               or _state_refusal(status, action))
    if not refused and action == "assign" and assignee_role not in ANSWER_ROLES:
        refused = _("Items can be assigned only to an assessor or a consultant of the "
                    "organisation.")
    if not refused and action == "return":
        text = comment.strip()
        if not text:
            refused = _("Comment: say what to change when returning an answer.")
        elif len(text) > COMMENT_LIMIT:
            refused = _("Comment: at most %(limit)d characters.", limit=COMMENT_LIMIT)
    if refused:
        return Decision(status, refused)
    return Decision(TRANSITIONS.get((status, action), status))


@dataclass(frozen=True)
class FinalCheck:
    """Whether an assessment may be marked final, and what stands in the way."""

    applicable: int  # items of the bank not marked not applicable
    accepted: int  # of those, how many are accepted
    open_items: tuple[str, ...]  # the applicable items not accepted, in bank order
    override_reason: str = ""  # the consultant's reason when overriding; "" for none
    refused: str = ""  # why it may not be final; "" when it may

    @property
    def allowed(self) -> bool:
        return not self.refused


def is_open(status: str) -> bool:
    """Is the assignee still to act on an item in ``status``?"""
    return status in OPEN_STATUSES


def work_rank(status: str) -> int:
    """Where an item in ``status`` comes in "My items" (smaller first; see _WORK_ORDER)."""
    return _WORK_ORDER.get(status, len(_WORK_ORDER))


def stands_before_final(status: str, not_applicable: bool) -> bool:
    """Does an item hold up the final rule: applicable and not accepted yet?"""
    return status != "accepted" and not not_applicable


def final_check(
    item_ids: Iterable[str],
    not_applicable: Iterable[str],
    statuses: Mapping[str, str],
    *,
    role: str | None,
    override_reason: str = "",
) -> FinalCheck:
    """May the assessment be final? ``item_ids``: its bank's items in order;
    ``not_applicable``: those marked not applicable; ``statuses``: review status by item
    (missing: unassigned); ``override_reason``: a consultant's written reason to finalise
    anyway."""
    skipped = set(not_applicable)
    applicable = [item for item in item_ids if item not in skipped]
    open_items = tuple(i for i in applicable
                       if stands_before_final(statuses.get(i, "unassigned"), False))
    accepted = len(applicable) - len(open_items)
    reason = override_reason.strip()
    refused = ""
    if role not in MANAGER_ROLES:
        refused = _("Only a consultant can mark an assessment final.")
    elif len(reason) > REASON_LIMIT:
        refused = _("Reason: at most %(limit)d characters.", limit=REASON_LIMIT)
    elif open_items and not reason:
        refused = _(
            "%(open)d of %(total)d applicable items are not accepted yet. Review them, or "
            "give a reason to finalise anyway.",
            open=len(open_items), total=len(applicable))
    return FinalCheck(len(applicable), accepted, open_items,
                      reason if open_items else "", refused)
