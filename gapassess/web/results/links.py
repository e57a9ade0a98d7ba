"""Helpers shared by the results pages: optional links, and the unavailable-bank page."""

from __future__ import annotations

from flask import render_template, url_for
from werkzeug.routing import BuildError

from gapassess.web.assess.bank import BankUnavailable
from gapassess.web.results import bp


@bp.errorhandler(BankUnavailable)
def bank_unavailable(exc: BankUnavailable):
    return render_template("assess/unavailable.html", message=str(exc)), 503


@bp.app_template_global()
def results_optional_url(endpoint: str, **values) -> str | None:
    """The URL of ``endpoint``, or None when the app has no such page."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None
