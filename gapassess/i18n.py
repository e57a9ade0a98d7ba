"""Translation of user-visible text, usable from every layer (the domain included).

Strings are marked with :func:`gettext` (alias ``_``), :func:`ngettext` for plurals and
:func:`lazy_gettext` for text defined at import time and shown later; the calls follow
Babel's conventions so ``pybabel extract -F babel.cfg`` finds them (see docs/translation.md).

The catalogues are the package's ``translations`` folder (``<locale>/LC_MESSAGES/
messages.mo``, compiled from ``messages.po``). English is the source language: a message
missing from a catalogue is shown as written in the code. The locale is read from a
context variable: the web sets it for each request, the CLI and tests can use
:func:`using_locale`. Only the standard library is needed at run time (Babel compiles a
catalogue in memory when its ``.mo`` file is missing).
"""

from __future__ import annotations

import gettext as _stdlib_gettext
import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

DOMAIN = "messages"
SOURCE_LOCALE = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"

_locale: ContextVar[str] = ContextVar("gapassess_locale", default=SOURCE_LOCALE)
# The files of a catalogue are looked at again at most this often (seconds): a page asks
# for hundreds of messages, and each would otherwise cost two stat calls.
RECHECK_SECONDS = 1.0
_lock = threading.Lock()


@dataclass(frozen=True)
class _Loaded:
    folder: Path | None  # the LC_MESSAGES folder read, None: no catalogue (the source text)
    stamp: tuple[float, float]  # modification times of its .mo and .po
    checked: float  # time.monotonic() when the files were last looked at
    translations: _stdlib_gettext.NullTranslations


# (catalogue root, locale asked for) -> what was loaded for it
_loaded: dict[tuple[Path, str], _Loaded] = {}
# catalogue root -> (when it was listed, the locales found)
_listed: dict[Path, tuple[float, tuple[str, ...]]] = {}


def translations_dir() -> Path:
    """The folder holding ``messages.pot`` and one ``<locale>/LC_MESSAGES`` per language."""
    return TRANSLATIONS_DIR


def available_locales() -> list[str]:
    """The source language and every locale with a catalogue, the source language first.

    Asked on every request: the folder is listed again at most every RECHECK_SECONDS.
    """
    now = time.monotonic()
    listed = _listed.get(TRANSLATIONS_DIR)
    if listed is None or now - listed[0] >= RECHECK_SECONDS:
        found = sorted(
            path.parent.parent.name
            for path in TRANSLATIONS_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
        )
        listed = (now, (SOURCE_LOCALE, *(name for name in found if name != SOURCE_LOCALE)))
        _listed[TRANSLATIONS_DIR] = listed
    return list(listed[1])


def get_locale() -> str:
    """The locale text is translated into in the current context (a request, a command)."""
    return _locale.get()


def set_locale(locale: str) -> Token[str]:
    """Translate into ``locale`` in the current context; the token undoes it (reset_locale)."""
    return _locale.set(locale)


def reset_locale(token: Token[str]) -> None:
    _locale.reset(token)


@contextmanager
def using_locale(locale: str) -> Iterator[None]:
    """Translate into ``locale`` inside the ``with`` block."""
    token = _locale.set(locale)
    try:
        yield
    finally:
        _locale.reset(token)


def _catalogue_files(locale: str) -> tuple[Path, Path]:
    folder = TRANSLATIONS_DIR / locale / "LC_MESSAGES"
    return folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _compile_po(po_path: Path) -> _stdlib_gettext.NullTranslations:
    """Compile a ``.po`` file in memory (used when its ``.mo`` has not been built)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _stdlib_gettext.GNUTranslations(buffer)


def _load(mo_path: Path, po_path: Path) -> _stdlib_gettext.NullTranslations:
    if mo_path.is_file():
        with mo_path.open("rb") as handle:
            return _stdlib_gettext.GNUTranslations(handle)
    return _compile_po(po_path)


def translations(locale: str | None = None) -> _stdlib_gettext.NullTranslations:
    """The catalogue of ``locale`` (default: the current one), read again when its files change.

    A locale without a catalogue, or one given with a region only its language has
    (``de_AT`` when only ``de`` exists), falls back to the nearest catalogue, then to the
    source text.
    """
    key = (TRANSLATIONS_DIR, locale or get_locale())
    now = time.monotonic()
    entry = _loaded.get(key)
    if entry is None or now - entry.checked >= RECHECK_SECONDS:
        with _lock:
            entry = _refresh(key[1], _loaded.get(key), now)
            _loaded[key] = entry
    return entry.translations


def _refresh(wanted: str, entry: _Loaded | None, now: float) -> _Loaded:
    candidates = [wanted] if "_" not in wanted else [wanted, wanted.split("_")[0]]
    for name in candidates:
        mo_path, po_path = _catalogue_files(name)
        stamp = (_mtime(mo_path), _mtime(po_path))
        if not any(stamp):
            continue
        if entry is not None and entry.folder == mo_path.parent and entry.stamp == stamp:
            return replace(entry, checked=now)
        return _Loaded(mo_path.parent, stamp, now, _load(mo_path, po_path))
    return _Loaded(None, (0.0, 0.0), now, _stdlib_gettext.NullTranslations())


def gettext(message: str, **variables: Any) -> str:
    """``message`` in the current locale, ``%(name)s`` placeholders filled from ``variables``."""
    text = translations().gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """The singular or plural form for ``num`` in the current locale; ``%(num)d`` is ``num``."""
    variables.setdefault("num", num)
    return translations().ngettext(singular, plural, num) % variables


def pgettext(context: str, message: str, **variables: Any) -> str:
    """``message`` as meant in ``context`` (the same English word said in two ways)."""
    text = translations().pgettext(context, message)
    return text % variables if variables else text


# markupsafe's escapes (&#34; and &#39;, not html.escape's &quot; and &#x27;), so a lazy
# label renders exactly as the same text given as a plain string.
_HTML_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
)


class LazyString:
    """Text translated when it is shown, not when it is defined (module constants, labels)."""

    __slots__ = ("_args", "_func", "_variables")

    def __init__(self, func: Any, *args: Any, **variables: Any) -> None:
        self._func = func
        self._args = args
        self._variables = variables

    def __str__(self) -> str:
        return str(self._func(*self._args, **self._variables))

    def __repr__(self) -> str:
        return f"lazy({str(self)!r})"

    def __html__(self) -> str:
        """Escaped as Jinja and WTForms (markupsafe) escape text, character for character."""
        return str(self).translate(_HTML_ESCAPES)

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __len__(self) -> int:
        return len(str(self))

    def __add__(self, other: str) -> str:
        return str(self) + other

    def __radd__(self, other: str) -> str:
        return other + str(self)

    def __mod__(self, other: Any) -> str:
        return str(str(self) % other)

    def __getattr__(self, name: str) -> Any:
        return getattr(str(self), name)


def lazy_gettext(message: str, **variables: Any) -> LazyString:
    """Like :func:`gettext`, translated each time the result is turned into text."""
    return LazyString(gettext, message, **variables)


def lazy_ngettext(singular: str, plural: str, num: int, **variables: Any) -> LazyString:
    """Like :func:`ngettext`, translated each time the result is turned into text."""
    return LazyString(ngettext, singular, plural, num, **variables)


_ = gettext
