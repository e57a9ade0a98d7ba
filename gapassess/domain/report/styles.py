"""The names of the Word styles the report uses (names Word and templates know; never shown).

A branded template is matched by these names, so they stay in English in every language.
"""

from __future__ import annotations

NORMAL = "Normal"  # i18n: not shown
TITLE = "Title"  # i18n: not shown
SUBTITLE = "Subtitle"  # i18n: not shown
CAPTION = "Caption"  # i18n: not shown
LIST_BULLET = "List Bullet"  # i18n: not shown
HEADER = "Header"  # i18n: not shown
FOOTER = "Footer"  # i18n: not shown
TOC_HEADING = "TOC Heading"  # i18n: not shown
HEADLINE = "Report Headline"  # i18n: not shown
TABLE = "Report Table"  # i18n: not shown
TABLE_TEXT = "Table Text"  # i18n: not shown
HEADING_LEVELS = (1, 2, 3)


def heading(level: int) -> str:
    """The style of a heading: level 0 is the document title, 1-3 Word's headings."""
    return TITLE if level == 0 else f"Heading {level}"  # i18n: not shown


def toc(level: int) -> str:
    """Word's own name for the style of a table-of-contents entry."""
    return f"toc {level}"


REQUIRED = (NORMAL, TITLE, SUBTITLE, *(heading(n) for n in HEADING_LEVELS), CAPTION,
            LIST_BULLET, HEADER, FOOTER, TOC_HEADING, HEADLINE, TABLE_TEXT, TABLE)
