"""The app's own pages for the HTTP errors people meet (a missing page, a refusal, a
request the address does not take), in the site's layout and language, instead of
Werkzeug's bare English pages."""

from __future__ import annotations

from flask import render_template
from werkzeug.exceptions import HTTPException

from gapassess.web.main import bp

#: The statuses with a page of their own in main/error.html.
PAGES = (400, 403, 404, 405)


def _error_page(exc: HTTPException):
    response = exc.get_response()  # keeps what Werkzeug adds, such as 405's Allow header
    response.set_data(render_template("main/error.html", code=exc.code))
    response.content_type = "text/html; charset=utf-8"
    return response


for _code in PAGES:
    bp.app_errorhandler(_code)(_error_page)
