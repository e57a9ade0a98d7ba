"""Answer fields as the web sends and shows them: labels, form names, fingerprints.

The rules for a valid answer live in ``gapassess.domain.answers``; this module only words
its problems for the page (by field label) and reads a form post.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from gapassess.domain.answers import (
    ANSWER_FIELDS,
    EMPTY_VALUES,
    JUSTIFICATION_MISSING,
    NOT_APPLICABLE_REFUSED,
    AnswerProblem,
)
from gapassess.i18n import _, lazy_gettext

_LABELS = {
    "compliance": lazy_gettext("Compliance"),
    "outcome": lazy_gettext("Outcome"),
    "not_applicable": lazy_gettext("Not applicable"),
    "justification": lazy_gettext("Justification"),
    "evidence": lazy_gettext("Evidence"),
    "notes": lazy_gettext("Notes"),
    "owner": lazy_gettext("Owner"),
}
FIELD_LABELS = {name: _LABELS[name] for name in ANSWER_FIELDS}
#: The fields an item's change history names: the answer's, and whether a carried answer
#: was confirmed (a change of ``to_confirm``, shown as "Confirmed: no → yes").
HISTORY_LABELS = {
    **FIELD_LABELS,
    "carried_from": lazy_gettext("Carried from"),
    "to_confirm": lazy_gettext("Confirmed"),
}


def problem_text(problem: AnswerProblem, item=None) -> str:
    """What is wrong, as the page says it: the rules about not applicable name ``item`` (the
    bank's item) by its title; the domain's own wording, made for files, names its id."""
    title = getattr(item, "title", "")
    if title and problem.code == NOT_APPLICABLE_REFUSED:
        return _("\u201c%(title)s\u201d cannot be marked not applicable: every organisation "
                 "must meet it", title=title)
    if title and problem.code == JUSTIFICATION_MISSING:
        return _("say why \u201c%(title)s\u201d does not apply, or untick Not applicable",
                 title=title)
    return problem.message


def labelled(problem: AnswerProblem, item=None) -> str:
    """A problem as the page says it: "<field label>: <message>"."""
    # TRANSLATORS: a refused answer field and what is wrong with it ("Owner: one line only").
    return _("%(field)s: %(problem)s", field=FIELD_LABELS.get(problem.field, problem.field),
             problem=problem_text(problem, item))


def complete(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: values.get(name, default) for name, default in EMPTY_VALUES.items()}


def fingerprint(values: Mapping[str, Any]) -> str:
    """A short digest of a complete answer: equal answers have equal fingerprints."""
    text = json.dumps(complete(values), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:20]


def form_fields(form: Mapping[str, str], item, prefix: str = "") -> dict[str, Any]:
    """One item's raw answer from a form post (names ``<item id>:<field>``).

    The not-applicable fields are read for items that allow it (an unticked box sends
    nothing, which means "no") and, when posted anyway, for the others, so the rules refuse
    them rather than the post dropping them unseen.
    """
    key = f"{item.id}:{prefix}"
    raw: dict[str, Any] = {}
    for name in ANSWER_FIELDS:
        optional = name in ("not_applicable", "justification")
        if optional and not item.not_applicable_allowed and key + name not in form:
            continue
        raw[name] = form.get(key + name, "")
    return raw
