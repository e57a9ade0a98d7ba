"""A copy of the shipped catalogues plus one extra language, for tests that switch locale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gapassess import i18n

#: The header of a German .po file; the messages follow it.
GERMAN_HEADER = r'''
msgid ""
msgstr ""
"Language: de\n"
"Content-Type: text/plain; charset=utf-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
'''


def with_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str,
                   po_text: str) -> Path:
    """Serve the shipped catalogues plus ``locale`` (a .po only: compiled when loaded) from a
    temporary folder; returns the .po path."""
    folder = tmp_path / "translations"
    shutil.copytree(i18n.translations_dir(), folder)
    po = folder / locale / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(po_text, encoding="utf-8")
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", folder)
    return po
