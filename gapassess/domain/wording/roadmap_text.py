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

Params = Mapping[str, ParamValue]

_NUMBER_WORDS = {1: "One level", 2: "Two levels", 3: "Three levels", 4: "Four levels"}
_WEIGHT_CAUSES = {
    "new": "it is new in the 2026 edition",
    "expanded": "the 2026 edition expanded it",
    "structural": "the 2026 edition restructured it",
    "clarified": "the 2026 edition clarified it",
    "unchanged": "of its change kind",
}


@lru_cache(maxsize=4096)
def reason_text(reason: Reason) -> str:
    """The English sentence of a reason or note. Raises KeyError for an unknown code.

    Cached (thread-safe): most reasons are the same objects across assessments of a bank.
    """
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


def _gap(params: Params, below: str, target: str) -> str:
    return (f"{_NUMBER_WORDS[int(_number(params, 'gap'))]} {below}: now "
            f"{_text(params, 'level')} '{_text(params, 'level_label')}', {target} "
            f"{_text(params, 'threshold')} '{_text(params, 'threshold_label')}'.")


def _weighted_high(params: Params) -> str:
    causes = []
    change = _text(params, "change")
    if change:
        causes.append(_WEIGHT_CAUSES[change])
    if _number(params, "key_item"):
        causes.append("the question bank marks it as a key item")
    tags = _texts(params, "tags")
    if tags:
        causes.append("it concerns " + " and ".join(tag.replace("-", " ") for tag in tags))
    return f"Weighted high ({_number(params, 'weight'):.1f}) because {', and '.join(causes)}."


def _after(params: Params) -> str:
    joined = _joined(tuple(dict.fromkeys(_texts(params, "labels"))))
    return f"Starts after the work on {joined}, which it builds on."


def _milestone_deadline(params: Params) -> str:
    return (f"Must end at least {_text(params, 'weeks')} weeks before the target audit date "
            f"({_text(params, 'target')}), by {_text(params, 'deadline')}.")


def _infeasible(params: Params) -> str:
    return (f"The target date cannot be met at {_number(params, 'capacity'):g} person-days a "
            f"month: the conformity work and the milestones need "
            f"{_number(params, 'person_days'):.1f} person-days more than fit before it "
            f"({_number(params, 'months'):.1f} months at this capacity).")


_TEXTS: dict[str, Callable[[Params], str]] = {
    codes.CHANGE_KIND: lambda p: _text(p, "text"),
    codes.COMPLIANCE_GAP: lambda p: _gap(p, "below the level the audit needs", "needed"),
    codes.OUTCOME_GAP: lambda p: _gap(p, "below the outcome target", "target"),
    codes.WEIGHTED_HIGH: _weighted_high,
    codes.ADVISORY: lambda p: (
        "Guidance from the 2026 edition, not a requirement: it improves results and is "
        "never an audit finding."),
    codes.AFTER: _after,
    codes.BROUGHT_FORWARD: lambda p: (
        f"Brought forward: the work on {_text(p, 'label')} builds on it."),
    codes.COMPLIANCE_ONLY: lambda p: (
        "The requirement is met on paper but does not yet drive results: this is where the "
        "QMS starts to pay back."),
    codes.STRUCTURE_FIRST: lambda p: (
        "Structure first: it starts once the conformity action on the same item is done."),
    codes.AFTER_TARGET: lambda p: (
        "Runs past the target audit date: the transition audit checks conformity, not "
        "outcome maturity, so this work can continue after the new certificate."),
    codes.ENDS_AFTER_DEADLINE: lambda p: (
        f"At {_number(p, 'capacity'):g} person-days a month this ends after "
        f"{_text(p, 'deadline')}, the latest date that leaves room before the target audit."),
    codes.MILESTONE_EXPECTED: lambda p: _text(p, "text"),
    codes.MILESTONE_AFTER_CONFORMITY: lambda p: (
        "Starts once the conformity actions are done, so it can confirm they work."),
    codes.MILESTONE_AFTER_MILESTONE: lambda p: (
        f"Follows the {_text(p, 'previous').lower()}, whose results are an input."),
    codes.MILESTONE_DEADLINE: _milestone_deadline,
    codes.DEFAULT_TARGET: lambda p: (
        f"No target date was given: the plan aims at {_text(p, 'target')}, six months before "
        "the end of the transition period, from when every audit uses the 2026 edition."),
    codes.DEFAULT_TARGET_DEADLINE: lambda p: (
        f"No target date was given: the plan aims at {_text(p, 'target')}, the end of the "
        "transition period, because the date six months before it, from when every audit "
        "uses the 2026 edition, has passed."),
    codes.INFEASIBLE: _infeasible,
    codes.UNRATED_ITEMS: lambda p: (
        f"{_text(p, 'count')} item(s) are not rated yet and produce no action until they are."),
    codes.PARTIAL_ITEMS: lambda p: (
        f"{_text(p, 'count')} item(s) are rated on one axis only: that axis counts, but they "
        "are not classified and count as unanswered in the completion."),
}

#: Every code this module words (a test checks the engine uses no other).
CODES = frozenset(_TEXTS)
