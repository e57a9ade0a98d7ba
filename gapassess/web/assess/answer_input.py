"""Turning submitted answer fields (JSON or a form) into checked values, or a clear error.

Every error names the field, so the page can show it next to the right input and the
JSON endpoint can answer 400 with a message a person understands.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from gapassess.db.answer_store import EMPTY_VALUES
from gapassess.domain.scale import is_level

FIELD_LABELS = {
    "compliance": "Compliance",
    "outcome": "Outcome",
    "not_applicable": "Not applicable",
    "justification": "Justification",
    "evidence": "Evidence",
    "notes": "Notes",
    "owner": "Owner",
}
TEXT_LIMITS = {"justification": 5000, "evidence": 10000, "notes": 10000, "owner": 200}
TRUE_WORDS = {"1", "true", "yes", "on", "y"}
FALSE_WORDS = {"", "0", "false", "no", "off", "n"}


class AnswerInputError(ValueError):
    """A submitted value is not acceptable; ``field`` names the answer field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{FIELD_LABELS.get(self.field, self.field)}: {self.message}"


def _level(field: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not is_level(value):
        raise AnswerInputError(field, f"choose a level from 0 to 4, not {value!r}")
    return value


def _flag(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise AnswerInputError(field, f"must be yes or no, not {value!r}")


def _text(field: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AnswerInputError(field, "must be text")
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\x00" in text:
        raise AnswerInputError(field, "contains a character that cannot be stored")
    limit = TEXT_LIMITS[field]
    if len(text) > limit:
        raise AnswerInputError(field, f"is {len(text)} characters long; the limit is {limit}")
    if field == "owner" and "\n" in text:
        raise AnswerInputError(field, "must fit on one line")
    return text


PARSERS = {
    "compliance": _level,
    "outcome": _level,
    "not_applicable": _flag,
    "justification": _text,
    "evidence": _text,
    "notes": _text,
    "owner": _text,
}


def parse_values(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check each submitted field on its own; unknown fields are refused by name."""
    unknown = sorted(set(raw) - set(PARSERS))
    if unknown:
        raise AnswerInputError(unknown[0], "is not an answer field")
    return {name: PARSERS[name](name, value) for name, value in raw.items()}


def check_answer(item, values: Mapping[str, Any]) -> None:
    """Rules across fields, on the complete answer as it would be stored."""
    if values.get("not_applicable"):
        if not item.not_applicable_allowed:
            raise AnswerInputError(
                "not_applicable",
                f"item '{item.title}' ({item.id}) cannot be marked not applicable",
            )
        if not (values.get("justification") or "").strip():
            raise AnswerInputError(
                "justification", "say why the item does not apply when you mark it not applicable"
            )


def complete(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: values.get(name, default) for name, default in EMPTY_VALUES.items()}


def fingerprint(values: Mapping[str, Any]) -> str:
    """A short digest of a complete answer: equal answers have equal fingerprints."""
    text = json.dumps(complete(values), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:20]


def form_fields(form: Mapping[str, str], item, prefix: str = "") -> dict[str, Any]:
    """One item's raw answer from a form post (names ``<item id>:<field>``)."""
    key = f"{item.id}:{prefix}"
    raw: dict[str, Any] = {
        "compliance": form.get(key + "compliance", ""),
        "outcome": form.get(key + "outcome", ""),
        "evidence": form.get(key + "evidence", ""),
        "notes": form.get(key + "notes", ""),
        "owner": form.get(key + "owner", ""),
    }
    if item.not_applicable_allowed:
        raw["not_applicable"] = form.get(key + "not_applicable", "")
        raw["justification"] = form.get(key + "justification", "")
    return raw
