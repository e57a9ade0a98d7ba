"""Bidirectional isolation of text people typed.

A name holding U+202E (right-to-left override), or simply written in Arabic or Hebrew,
can reorder the words shown around it ("Members of <name> (you)"). Wrapped in FIRST
STRONG ISOLATE ... POP DIRECTIONAL ISOLATE it keeps its own direction and cannot reach
outside: an override left open inside ends at the closing isolate.
"""

from __future__ import annotations

import re

FSI = "\u2068"
PDI = "\u2069"
#: The strong right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their
#: presentation forms), as the inside of a regular-expression character class.
RTL_SCRIPTS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff"
# Those, and the explicit direction marks and embeddings/overrides/isolates.
_NEEDS_ISOLATION = re.compile(f"[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069{RTL_SCRIPTS}]")


def needs_isolation(text: str) -> bool:
    """Whether ``text`` could change the direction of the text around it."""
    return not text.isascii() and _NEEDS_ISOLATION.search(text) is not None


def isolate(text: str) -> str:
    """``text`` wrapped in a directional isolate when it needs one, unchanged otherwise."""
    return f"{FSI}{text}{PDI}" if needs_isolation(text) else text
