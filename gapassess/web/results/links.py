"""Helpers shared by the results pages: optional links.

The unavailable-bank page is the app-wide handler in ``assess.views``.
"""

from __future__ import annotations

from flask import url_for
from werkzeug.routing import BuildError

from gapassess.web.results import bp


@bp.app_template_global()
def results_optional_url(endpoint: str, **values) -> str | None:
    """The URL of ``endpoint``, or None when the app has no such page."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None
