"""Pages print what people typed as directional isolates (gapassess.domain.bidi): every
``{{ value }}`` and every value placed into a translated sentence (``{% trans %}``, ``_()``)
that could turn the text around it right to left.

Form fields are the exception: a field must hold the value as typed, or posting the form
back would store the isolates. WTForms fields render as markup and are left alone; a field
a template writes by hand prints its value with the ``as_typed`` filter."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

from flask import Flask
from jinja2 import pass_context
from markupsafe import Markup, escape

from gapassess.domain.bidi import isolate

_GETTEXT_NAMES = ("gettext", "ngettext", "pgettext", "npgettext")


def isolated(value: object) -> object:
    """Plain text isolated; markup the templates built (forms, filters) left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return isolate(value)
    return value


def as_typed(value: object) -> Markup:
    """``value`` escaped but not isolated: for the value of a form field."""
    return escape("" if value is None else value)


def init_app(app: Flask) -> None:
    """After the gettext callables are installed (gapassess.web.translation)."""
    env = app.jinja_env
    env.finalize = isolated
    env.filters["as_typed"] = as_typed
    for name in _GETTEXT_NAMES:
        if name in env.globals:
            env.globals[name] = _isolating(cast(Callable[..., Any], env.globals[name]))


def _isolating(translate: Callable[..., Any]) -> Callable[..., Any]:
    @pass_context
    @functools.wraps(translate)
    def wrapper(context, *args: Any, **variables: Any) -> Any:
        return translate(context, *args,
                         **{key: isolated(value) for key, value in variables.items()})

    return wrapper
