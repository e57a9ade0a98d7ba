"""The shipped catalogues match the code: `pybabel extract` runs clean and finds nothing new."""

import gettext
import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from gapassess import i18n, i18n_catalogues

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = i18n.translations_dir()
POT = CATALOGUES / "messages.pot"
ENGLISH_PO = CATALOGUES / "en" / "LC_MESSAGES" / "messages.po"
FIX = "run `python -m gapassess.i18n_catalogues update` (docs/translation.md)"


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog: Catalog) -> set:
    return {(message.context, message.id) for message in catalog if message.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Catalog:
    """What the documented command extracts from the project now."""
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-o", str(out), "."],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    noise = [line for line in (result.stdout + result.stderr).splitlines()
             if line and not line.startswith(("extracting messages from",
                                               "writing PO template file"))]
    assert noise == [], "pybabel extract reported:\n" + "\n".join(noise)
    return _read(out)


def test_extraction_finds_templates_scripts_and_plurals(extracted):
    files = {path for message in extracted for path, _line in message.locations}
    assert any(path.startswith("templates/web/") for path in files)
    assert {"gapassess/web/static/assess.js", "gapassess/web/static/workshop.js"} <= files
    assert "Skip to content" in extracted and "Saved %(time)s" in extracted
    assert extracted["Nothing was saved: %(count)s problem to fix"].pluralizable
    assert len(extracted) > 250


def test_english_catalogue_has_every_extracted_message(extracted):
    english = _ids(_read(ENGLISH_PO))
    missing = _ids(extracted) - english
    assert not missing, f"not in {ENGLISH_PO.name}: {sorted(missing)[:10]}; {FIX}"
    stale = english - _ids(extracted)
    assert not stale, f"no longer in the code: {sorted(stale)[:10]}; {FIX}"


def test_shipped_template_matches_the_code(extracted):
    assert _ids(_read(POT)) == _ids(extracted), FIX


def test_the_catalogue_tool_extracts_what_pybabel_extracts(extracted):
    assert _ids(i18n_catalogues.extract()) == _ids(extracted)


def test_english_reads_as_in_the_code():
    for message in _read(ENGLISH_PO):
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        assert message.string == message.id, (
            f"{message.id!r} is translated as {message.string!r}: English is the source "
            "text, so change the wording in the code, then " + FIX
        )


@pytest.mark.parametrize("po", sorted(CATALOGUES.glob("*/LC_MESSAGES/messages.po")),
                         ids=lambda p: p.parent.parent.name)
def test_compiled_catalogue_is_up_to_date(po):
    """The shipped .mo holds exactly what compiling the .po gives."""
    catalog = _read(po)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    expected = gettext.GNUTranslations(buffer)._catalog
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} is missing: run `pybabel compile -d {CATALOGUES}`"
    with mo.open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)._catalog
    assert shipped == expected, f"{mo} is older than its .po: run `pybabel compile`"


@pytest.mark.parametrize("po", sorted(CATALOGUES.glob("*/LC_MESSAGES/messages.po")),
                         ids=lambda p: p.parent.parent.name)
def test_translations_keep_their_placeholders(po):
    problems = [(message.id, [str(error) for error in errors])
                for message, errors in _read(po).check() if errors]
    assert problems == []
