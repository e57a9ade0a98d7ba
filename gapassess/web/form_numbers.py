"""Numbers that pages take: whole numbers sent back in hidden fields (an answer's
version), and the team's capacity in person-days a month."""

from __future__ import annotations

from wtforms.validators import NumberRange

from gapassess.domain.engine.scenarios import MAX_CAPACITY
from gapassess.i18n import lazy_gettext

#: The fewest person-days a month a page takes (the engine takes less, for the CLI's sake).
MIN_FORM_CAPACITY = 0.5


def capacity_range() -> NumberRange:
    """The capacity a page takes, on the organisation's profile and in a scenario alike."""
    return NumberRange(min=MIN_FORM_CAPACITY, max=MAX_CAPACITY, message=lazy_gettext(
        "Enter a number from %(low)s to %(high)s.", low=format(MIN_FORM_CAPACITY, "g"),
        high=format(MAX_CAPACITY, "g")))

#: More digits than any version reaches; longer text is not a version (and Python's int()
#: refuses text of over 4300 digits with a ValueError).
VERSION_DIGITS = 18


def version_number(text: str | None) -> int | None:
    """The version a page was loaded at, or None when ``text`` is not one: ASCII digits
    only ("²" and "٣" pass str.isdigit, and int("²") raises), at most VERSION_DIGITS."""
    if text is None:
        return None
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > VERSION_DIGITS:
        return None
    return int(text)
