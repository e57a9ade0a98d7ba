"""Translation in the web: the request's locale, Flask-Babel, and the strings the scripts show.

The locale of each request is chosen from the browser's Accept-Language among the locales
that have a catalogue (English when none matches) and put in :mod:`gapassess.i18n`'s context
variable for the request, so Python code in every layer translates with it, and the
templates' ``_()``, ``ngettext()`` and ``{% trans %}`` go through the same functions.
Flask-Babel is set up over the same catalogue folder and follows that locale.

Scripts cannot call gettext: pages load them with ``page_scripts()``
(templates/web/_scripts.html), which renders :func:`script_catalogue` as a JSON block
(``<script type="application/json" id="i18n-catalogue">``) holding every message marked
with ``t()`` in the static scripts, translated; ``static/i18n.js`` looks them up.
"""

from __future__ import annotations

from contextlib import suppress
from functools import lru_cache
from pathlib import Path

import flask_babel  # type: ignore[import-untyped]
from flask import Flask, g, request
from flask_babel import Babel  # type: ignore[import-untyped]

from gapassess import i18n

STATIC_DIR = Path(__file__).resolve().parent / "static"
SCRIPT_KEYWORD = "t"  # the translation function of the static scripts (babel.cfg says the same)


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", i18n.SOURCE_LOCALE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(i18n.translations_dir()))
    # Flask-Babel's own helpers (format_date...) follow the locale chosen for the request.
    Babel(app, locale_selector=i18n.get_locale)
    # One loader for every layer: the templates translate through gapassess.i18n too.
    # Jinja fills in the placeholders itself (escaping the values), so these only look up.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: i18n.translations().gettext(message),
        ngettext=lambda singular, plural, num: i18n.translations().ngettext(
            singular, plural, num),
        pgettext=lambda context, message: i18n.translations().pgettext(context, message),
        newstyle=True,
    )
    app.jinja_env.globals.update(current_locale=i18n.get_locale,
                                 script_catalogue=script_catalogue)
    app.before_request(_enter_locale)
    app.teardown_request(_leave_locale)


def _select_locale() -> str:
    return request.accept_languages.best_match(
        i18n.available_locales(), default=i18n.SOURCE_LOCALE
    )


def _enter_locale() -> None:
    g.i18n_locale_token = i18n.set_locale(_select_locale())
    # Flask-Babel (and Flask-WTF's messages, through it) caches the locale in ``g``, which
    # outlives the request when an app context was already pushed (a CLI command, a test):
    # start each request from the locale chosen for it.
    flask_babel.refresh()


def _leave_locale(_exc: BaseException | None = None) -> None:
    token = g.pop("i18n_locale_token", None)
    if token is not None:
        with suppress(ValueError):  # set in another context: nothing of this request is left
            i18n.reset_locale(token)


@lru_cache(maxsize=1)
def script_messages() -> tuple[str, ...]:
    """Every message the static scripts mark with ``t("...")``, in file order."""
    from babel.messages.extract import extract

    found: dict[str, None] = {}
    for path in sorted(STATIC_DIR.glob("*.js")):
        with path.open("rb") as handle:
            for _line, message, _comments, _context in extract(
                "javascript", handle, keywords={SCRIPT_KEYWORD: None}
            ):
                if isinstance(message, str):
                    found.setdefault(message, None)
    return tuple(found)


def script_catalogue() -> dict[str, str]:
    """The scripts' messages in the request's locale: English text -> translated text."""
    catalogue = i18n.translations()
    return {message: catalogue.gettext(message) for message in script_messages()}
