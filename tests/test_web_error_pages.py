"""Missing pages, refusals and wrong methods answer with the app's own pages (its layout,
language and landmarks), not Werkzeug's bare English ones, keeping their status and
headers."""

from __future__ import annotations

import pytest
from flask import abort
from werkzeug.exceptions import HTTPException

from gapassess.web.main.errors import PAGES


def _page(response) -> str:
    assert response.content_type.startswith("text/html")
    return response.get_data(as_text=True)


def test_a_missing_page_is_the_apps_own(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = _page(response)
    assert '<main id="main"' in page
    assert "<h1>Page not found</h1>" in page
    assert "Not Found" not in page  # Werkzeug's heading


def test_a_refusal_is_the_apps_own_and_shows_the_navigation(client, login_as, db,
                                                            org_with_people):
    org, _, _ = org_with_people
    login_as("viewer")
    response = client.get(f"/orgs/{org.id}/edit")
    assert response.status_code == 403
    page = _page(response)
    assert "<h1>Not allowed</h1>" in page
    assert 'aria-label="Account"' in page  # the logged-in layout


def test_a_wrong_method_keeps_the_allow_header(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "<h1>Not possible at this address</h1>" in _page(response)


@pytest.mark.parametrize("code", PAGES)
def test_every_error_page_names_its_problem(app, code):
    with app.test_request_context("/"):
        try:
            abort(code)
        except HTTPException as exc:
            response = app.handle_user_exception(exc)
    assert response.status_code == code
    page = response.get_data(as_text=True)
    assert "<main" in page and "<h1>" in page
    assert "Back to the start page" in page
