"""Turning pydantic validation errors into located, readable issues."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from gapassess.domain.questionnaire.issues import ValidationIssue
from gapassess.i18n import _


def field_path(loc: tuple[Any, ...]) -> str:
    """('scales', 'compliance', 'levels', 2, 'label') -> 'scales.compliance.levels[2].label'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def line_at(raw: Any, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest part of ``loc`` that the parsed YAML still knows about."""
    line = getattr(raw, "line", None)
    node = raw
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            break
        if hasattr(node, "line_of"):
            line = node.line_of(part)
        node = node[part]
    return line


# What the validation library puts before the message of a validator's own error.
_PYDANTIC_PREFIXES = ("Value error, ", "Assertion failed, ")  # i18n: not shown


def _message(err: ErrorDetails, model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    kind = err["type"]
    if kind == "missing":
        return _("required field is missing")
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        allowed = sorted(model.model_fields) if len(loc) == 1 else []
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        if close:
            return _("unknown field '%(name)s' (did you mean '%(close)s'?)", name=name,
                     close=close[0])
        return _("unknown field '%(name)s'", name=name)
    message = str(err["msg"])
    for prefix in _PYDANTIC_PREFIXES:
        if message.startswith(prefix):
            return message[len(prefix) :]
    value = err.get("input")
    if isinstance(value, str | int | float | bool) or value is None:
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        # TRANSLATORS: after a problem named by the validation library, the value found.
        message = _("%(problem)s (got %(value)s)", problem=message, value=shown)
    return message


def issues_from_error(
    exc: ValidationError,
    model: type[BaseModel],
    raw: Any,
    file: str,
    item: str | None,
    prefix: tuple[Any, ...] = (),
) -> list[ValidationIssue]:
    """One issue per pydantic error, located by walking ``raw`` along the error's path."""
    issues = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        # dict keys typed as Literal add a "[key]" part; keep paths readable
        loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith("[key]")))
        full = prefix + loc
        issues.append(
            ValidationIssue(
                file=file,
                item=item,
                field=field_path(full) or None,
                line=line_at(raw, loc),
                message=_message(err, model, loc),
            )
        )
    return issues
