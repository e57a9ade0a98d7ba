"""Reading a request's JSON body: what every JSON endpoint accepts, and the message for
what it does not (a body that is not JSON, not an object, or holds text that cannot be
stored), so nothing a page or a script sends gives a 500."""

from __future__ import annotations

import json
from typing import Any

from flask import request

from gapassess.i18n import _


class BadJsonBody(ValueError):
    """The body cannot be used; the message says why, for the 400 answer."""


def _lone_surrogate(value: Any) -> bool:
    """Whether any text in ``value`` (keys too) holds a lone UTF-16 surrogate, which
    JSON can write (\\ud800) but UTF-8, and so the database, cannot hold."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def json_object(expected: str) -> dict[str, Any]:
    """The request's body as a JSON object; BadJsonBody when it is not one. ``expected``
    says what the endpoint wants, for a body that is not JSON or not an object."""
    if not request.is_json:
        raise BadJsonBody(expected)
    try:
        body = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deeply
        raise BadJsonBody(_("The request body is not valid JSON: %(expected)s",
                            expected=expected)) from None
    if not isinstance(body, dict):
        raise BadJsonBody(expected)
    if _lone_surrogate(body):
        raise BadJsonBody(_("The request holds text that is not valid Unicode (a lone "
                            "surrogate such as \\ud800); nothing was saved."))
    return body
