"""Text field types shared by banks, structures and mappings, and the "did you mean" hint."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import AfterValidator


def non_empty(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def stringify_number(value: Any) -> Any:
    """Accept ``version: 2`` or a key ``4:`` as "2" / "4"; anything else goes to the str check."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def suggest(value: str, choices: Iterable[str]) -> str:
    """' (did you mean 'a', 'b'?)' for close matches, '' when nothing is close."""
    close = difflib.get_close_matches(value, sorted(choices), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


Text = Annotated[str, AfterValidator(non_empty)]
