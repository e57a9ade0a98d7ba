"""The answers workbook of an assessment, pre-filled with its current answers."""

from __future__ import annotations

import io


def workbook_bytes(questionnaire, answers) -> bytes:
    """The offline workbook (``gapassess.domain.workbook``) as .xlsx bytes."""
    from gapassess.domain.workbook import build_template

    buffer = io.BytesIO()
    build_template(questionnaire, answers).save(buffer)
    return buffer.getvalue()
