"""The English sentences of the roadmap's reasons and notes, from their codes and parameters.

The engine (``gapassess.domain.engine.reasons``) says which reason applies and with which
values; this module words it. Every place that shows a reason or a note (report, web page,
terminal summary, JSON) calls ``reason_text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from gapassess.domain.engine import reasons as codes
from gapassess.domain.engine.reasons import ParamValue, Reason
from gapassess.i18n import _, get_locale, lazy_gettext, ngettext

Params = Mapping[str, ParamValue]

#: What a roadmap action's status (gapassess.domain.engine.owners.STATUSES) is called, on the
#: roadmap page, in its form and in the report.
STATUS_LABELS = {"planned": lazy_gettext("Planned"), "in-progress": lazy_gettext("In progress"),
                 "done": lazy_gettext("Done"), "blocked": lazy_gettext("Blocked")}

_NUMBER_WORDS = {1: lazy_gettext("One level"), 2: lazy_gettext("Two levels"),
                 3: lazy_gettext("Three levels"), 4: lazy_gettext("Four levels")}
_WEIGHT_CAUSES = {
    "new": lazy_gettext("it is new in the 2026 edition"),
    "expanded": lazy_gettext("the 2026 edition expanded it"),
    "structural": lazy_gettext("the 2026 edition restructured it"),
    "clarified": lazy_gettext("the 2026 edition clarified it"),
    "unchanged": lazy_gettext("of its change kind"),
}


def reason_text(reason: Reason) -> str:
    """The sentence of a reason or note in the current locale (English by default).

    Raises KeyError for an unknown code. Cached per locale (thread-safe): most reasons are
    the same objects across assessments of a bank.
    """
    return _reason_text(reason, get_locale())


@lru_cache(maxsize=4096)
def _reason_text(reason: Reason, locale: str) -> str:
    return _TEXTS[reason.code](reason.params)


def reason_texts(reasons: Iterable[Reason]) -> list[str]:
    return [reason_text(reason) for reason in reasons]


def _text(params: Params, key: str) -> str:
    value = params[key]
    return value if isinstance(value, str) else str(value)


def _number(params: Params, key: str) -> float:
    value = params[key]
    if isinstance(value, int | float):
        return value
    raise TypeError(f"reason parameter {key!r} must be a number, not {value!r}")


def _texts(params: Params, key: str) -> tuple[str, ...]:
    value = params[key]
    return value if isinstance(value, tuple) else (str(value),)


def _joined(labels: tuple[str, ...], last: str = " and ") -> str:
    """"A", "A and B", "A, B and C"."""
    if len(labels) < 2:
        return "".join(labels)
    return ", ".join(labels[:-1]) + last + labels[-1]


def _gap_values(params: Params) -> dict[str, str]:
    return {"levels": str(_NUMBER_WORDS[int(_number(params, "gap"))]),
            "level": _text(params, "level"), "level_label": _text(params, "level_label"),
            "threshold": _text(params, "threshold"),
            "threshold_label": _text(params, "threshold_label")}


def _compliance_gap(params: Params) -> str:
    # TRANSLATORS: levels is "One level", "Two levels"...; level and threshold are numbers.
    return _("%(levels)s below the level the audit needs: now %(level)s '%(level_label)s', "
             "needed %(threshold)s '%(threshold_label)s'.", **_gap_values(params))


def _outcome_gap(params: Params) -> str:
    # TRANSLATORS: levels is "One level", "Two levels"...; level and threshold are numbers.
    return _("%(levels)s below the outcome target: now %(level)s '%(level_label)s', "
             "target %(threshold)s '%(threshold_label)s'.", **_gap_values(params))


def _weighted_high(params: Params) -> str:
    causes = []
    change = _text(params, "change")
    if change:
        causes.append(str(_WEIGHT_CAUSES[change]))
    if _number(params, "key_item"):
        causes.append(_("the question bank marks it as a key item"))
    tags = _texts(params, "tags")
    if tags:
        # TRANSLATORS: tags are the item's topics, joined by "and".
        causes.append(_("it concerns %(tags)s",
                        tags=" and ".join(tag.replace("-", " ") for tag in tags)))
    return _("Weighted high (%(weight)s) because %(causes)s.",
             weight=format(_number(params, "weight"), ".1f"), causes=", and ".join(causes))


def _after(params: Params) -> str:
    joined = _joined(tuple(dict.fromkeys(_texts(params, "labels"))))
    return _("Starts after the work on %(labels)s, which it builds on.", labels=joined)


def _milestone_deadline(params: Params) -> str:
    return _("Must end at least %(weeks)s weeks before the target audit date (%(target)s), "
             "by %(deadline)s.", weeks=_text(params, "weeks"), target=_text(params, "target"),
             deadline=_text(params, "deadline"))


def _infeasible(params: Params) -> str:
    return _("The target date cannot be met at %(capacity)s person-days a month: the "
             "conformity work and the milestones need %(person_days)s person-days more than "
             "fit before it (%(months)s months at this capacity).",
             capacity=format(_number(params, "capacity"), "g"),
             person_days=format(_number(params, "person_days"), ".1f"),
             months=format(_number(params, "months"), ".1f"))


_TEXTS: dict[str, Callable[[Params], str]] = {
    codes.CHANGE_KIND: lambda p: _text(p, "text"),
    codes.COMPLIANCE_GAP: _compliance_gap,
    codes.OUTCOME_GAP: _outcome_gap,
    codes.WEIGHTED_HIGH: _weighted_high,
    codes.ADVISORY: lambda p: _(
        "Guidance from the 2026 edition, not a requirement: it improves results and is "
        "never an audit finding."),
    codes.AFTER: _after,
    codes.BROUGHT_FORWARD: lambda p: _(
        "Brought forward: the work on %(label)s builds on it.", label=_text(p, "label")),
    codes.COMPLIANCE_ONLY: lambda p: _(
        "The requirement is met on paper but does not yet drive results: this is where the "
        "QMS starts to pay back."),
    codes.STRUCTURE_FIRST: lambda p: _(
        "Structure first: it starts once the conformity action on the same item is done."),
    codes.AFTER_TARGET: lambda p: _(
        "Runs past the target audit date: the transition audit checks conformity, not "
        "outcome maturity, so this work can continue after the new certificate."),
    codes.AFTER_TARGET_INITIAL: lambda p: _(
        "Runs past the target audit date: the certification audit checks conformity, not "
        "outcome maturity, so this work can continue after the first certificate."),
    codes.ENDS_AFTER_DEADLINE: lambda p: _(
        "At %(capacity)s person-days a month this ends after %(deadline)s, the latest date "
        "that leaves room before the target audit.",
        capacity=format(_number(p, "capacity"), "g"), deadline=_text(p, "deadline")),
    codes.MILESTONE_EXPECTED: lambda p: _text(p, "text"),
    codes.MILESTONE_AFTER_CONFORMITY: lambda p: _(
        "Starts once the conformity actions are done, so it can confirm they work."),
    codes.MILESTONE_AFTER_MILESTONE: lambda p: _(
        "Follows the %(previous)s, whose results are an input.",
        previous=_text(p, "previous").lower()),
    codes.MILESTONE_DEADLINE: _milestone_deadline,
    codes.DEFAULT_TARGET: lambda p: _(
        "No target date was given: the plan aims at %(target)s, the date from which every "
        "audit uses %(edition)s.", target=_text(p, "target"), edition=_text(p, "edition"))
    if _number(p, "confirmed") else _(
        "No target date was given: the plan aims at %(target)s, the date from which every "
        "audit is expected to use %(edition)s (not yet confirmed by the accreditation "
        "bodies).", target=_text(p, "target"), edition=_text(p, "edition")),
    codes.DEFAULT_TARGET_DEADLINE: lambda p: _(
        "No target date was given: the plan aims at %(target)s, the end of the transition, "
        "because the date from which every audit uses %(edition)s has passed.",
        target=_text(p, "target"), edition=_text(p, "edition"))
    if _number(p, "confirmed") else _(
        "No target date was given: the plan aims at %(target)s, the expected end of the "
        "transition (not yet confirmed by the accreditation bodies), because the date from "
        "which every audit is expected to use %(edition)s has passed.",
        target=_text(p, "target"), edition=_text(p, "edition")),
    codes.DEFAULT_TARGET_NEXT_AUDIT: lambda p: _(
        "No target date was given: the plan aims at %(target)s, the organisation's next "
        "scheduled certification audit, which can be its transition audit.",
        target=_text(p, "target")),
    codes.DEFAULT_TARGET_EXPIRY: lambda p: _(
        "No target date was given: the plan aims at %(target)s, when the current certificate "
        "expires; the recertification audit before it can be the transition audit.",
        target=_text(p, "target")),
    codes.DEFAULT_TARGET_INITIAL: lambda p: _(
        "No target date was given: the plan aims at %(target)s, %(months)s months after its "
        "start, for the initial certification audit.", target=_text(p, "target"),
        months=_text(p, "months")),
    codes.DEFAULT_TARGET_MONTHS: lambda p: _(
        "No target date was given: the plan aims at %(target)s, %(months)s months after its "
        "start.", target=_text(p, "target"), months=_text(p, "months")),
    codes.INFEASIBLE: _infeasible,
    codes.UNRATED_ITEMS: lambda p: ngettext(
        "%(num)d item is not rated yet and produces no action until it is.",
        "%(num)d items are not rated yet and produce no action until they are.",
        int(_number(p, "count"))),
    codes.PARTIAL_ITEMS: lambda p: ngettext(
        "%(num)d item is rated on one axis only: that axis counts, but it is not "
        "classified and counts as unanswered in the completion.",
        "%(num)d items are rated on one axis only: that axis counts, but they are not "
        "classified and count as unanswered in the completion.", int(_number(p, "count"))),
}

#: Every code this module words (a test checks the engine uses no other).
CODES = frozenset(_TEXTS)
