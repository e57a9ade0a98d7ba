"""The app's own page for an HTTP error, for the app-wide handlers (gapassess.web.main.errors)
and for a blueprint's own handler that answers pages as well as JSON (the questionnaire's
refused security token)."""

from __future__ import annotations

from flask import render_template
from werkzeug.exceptions import HTTPException


def error_page(exc: HTTPException):
    """``exc``'s response with the page main/error.html: the status and headers Werkzeug
    adds (such as 405's Allow) are kept."""
    response = exc.get_response()
    response.set_data(render_template("main/error.html", code=exc.code))
    response.content_type = "text/html; charset=utf-8"
    return response
