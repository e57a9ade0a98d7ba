"""Make any text a user typed safe to put in a Word document.

python-docx escapes ``<``, ``&`` and quotes itself; what XML 1.0 cannot hold at all
(control characters other than tab, newline and carriage return, lone surrogates and
the two non-characters U+FFFE/U+FFFF) is removed here so that building never fails.
Emoji and right-to-left scripts are ordinary characters and pass through unchanged.
"""

from __future__ import annotations

import re
import unicodedata

from gapassess.domain.bidi import RTL_SCRIPTS

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile(r"\r\n?|\n")
_LATIN = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                        "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th"})
_RTL = re.compile(f"[{RTL_SCRIPTS}]")


def clean(value: object) -> str:
    """Return ``value`` as a string Word can store: illegal characters removed."""
    if value is None:
        return ""
    return _ILLEGAL_XML.sub("", str(value))


def clean_lines(value: object) -> list[str]:
    """Return cleaned text split into lines (Windows, old Mac and Unix newlines)."""
    return _NEWLINES.split(clean(value))


def is_rtl(value: str) -> bool:
    """True when the text is mostly in a right-to-left script (Hebrew, Arabic...)."""
    letters = [ch for ch in value if ch.isalpha()]
    if not letters:
        return False
    rtl = sum(1 for ch in letters if _RTL.match(ch))
    return rtl * 2 > len(letters)


def shorten(value: str, limit: int) -> tuple[str, bool]:
    """Cut ``value`` at a word boundary near ``limit`` characters; say whether it was cut."""
    if len(value) <= limit:
        return value, False
    cut = value.rfind(" ", 0, limit)
    if cut < limit // 2:
        cut = limit
    return value[:cut].rstrip() + " …", True


def slug(value: str, default: str = "report") -> str:
    """File-name-safe lowercase slug of ``value`` (letters, digits and dashes)."""
    latin = unicodedata.normalize("NFKD", clean(value).translate(_LATIN))
    ascii_text = latin.encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return text[:60].rstrip("-") or default
