"""Uploaded files as the pages read them: the name shown in messages, and a file read from a
private temporary folder (the readers bound what they read; the folder goes afterwards)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from gapassess.domain.evidence import MAX_NAME_CHARS

Read = TypeVar("Read")  # i18n: not shown


def shown_name(upload: FileStorage, default: str) -> str:
    """The upload's own name made safe to show and keep, or ``default`` when it has none
    (or one longer than MAX_NAME_CHARS)."""
    name = secure_filename(upload.filename or "")
    return name if name and len(name) <= MAX_NAME_CHARS else default


def read_upload(upload: FileStorage, stem: str, read: Callable[[Path, str], Read]
                ) -> tuple[Read, str]:
    """``read(path, shown name)`` of the upload saved as ``stem`` plus its own suffix in a
    temporary folder; returns what ``read`` returned and the shown name. Whatever ``read``
    raises is passed on (the folder is removed either way)."""
    saved = stem + Path(upload.filename or "").suffix.lower()
    shown = shown_name(upload, saved)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / saved
        upload.save(path)
        return read(path, shown), shown
