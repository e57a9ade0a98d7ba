"""Whole numbers that pages send back in hidden fields (an answer's version)."""

from __future__ import annotations

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
