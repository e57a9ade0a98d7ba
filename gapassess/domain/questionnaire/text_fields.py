"""Text field types shared by banks, structures and mappings, and the "did you mean" hint."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import AfterValidator

from gapassess.i18n import _


def non_empty(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError(_("must not be empty"))
    return value


def stringify_number(value: Any) -> Any:
    """Accept ``version: 2`` or a key ``4:`` as "2" / "4"; anything else goes to the str check."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def suggest(value: str, choices: Iterable[str]) -> str:
    """' (did you mean 'a', 'b'?)' for close matches, '' when nothing is close."""
    close = difflib.get_close_matches(value, sorted(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    # TRANSLATORS: added after a problem with a name; the names are quoted.
    return " " + _("(did you mean %(names)s?)", names=", ".join(repr(c) for c in close))


Text = Annotated[str, AfterValidator(non_empty)]
