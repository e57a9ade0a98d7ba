"""Regressions found by tests/test_no_server_errors.py: each was a 500 (on PostgreSQL, or
on both databases), now a refusal that says what and where."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm

import gapassess.web  # noqa: F401 (imports every form module through the blueprints)
from gapassess.db import workshop_votes, workshops
from tests.route_world import build_world, join_as_participant, route_url

ORG = {"name": "Beta Ltd", "sites": "1", "capacity_days_per_month": "8",
       "certification_status": "not-certified"}


@pytest.fixture
def world(db, org_with_people):
    return build_world(db, org_with_people)


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_form_of_the_app_is_a_page_form(app):
    from gapassess.web.page_form import PageForm

    ours = [c for c in _all_subclasses(FlaskForm) if c.__module__.startswith("gapassess.")]
    assert len(ours) > 10
    strays = [c.__qualname__ for c in ours if not issubclass(c, PageForm)]
    assert not strays, f"forms that do not derive from gapassess.web.page_form.PageForm: {strays}"


@pytest.mark.parametrize("body", [b"1", b"[]", b'"x"', b"[1, 2]", b'{"name": [1, {"a": 2}]}'])
def test_a_json_body_posted_to_a_form_page_is_an_empty_form(client, login_as, body):
    login_as("admin")
    response = client.post("/orgs/new", data=body, content_type="application/json")
    assert response.status_code == 200  # the form again, with its messages
    assert b"Give the organisation a name." in response.data


def test_a_nul_character_is_refused_at_the_field(client, login_as):
    login_as("admin")
    response = client.post("/orgs/new", data={**ORG, "name": "Beta\x00Ltd"})
    assert response.status_code == 200
    assert b"contains a NUL character (U+0000), which cannot be stored" in response.data


def test_a_nul_character_in_a_login_or_a_workshop_name_is_refused(app, client, world):
    response = client.post("/login", data={"email": "a\x00@b.example", "password": "x"})
    assert response.status_code == 200
    assert b"contains a NUL character" in response.data
    response = client.post(route_url(app, "workshop.join", world), data={"name": "Ph\x00ne"})
    assert response.status_code == 400
    assert b"contains a NUL character" in response.data


def test_a_submission_id_with_a_control_character_is_refused(db, app, client, world):
    join_as_participant(client, world)
    response = client.post(route_url(app, "workshop.vote", world), json={
        "item_id": world["item_id"], "compliance": 2, "outcome": 2, "submission_id": "s\x00"})
    assert response.status_code == 400
    assert "control character" in response.get_json()["error"]
    workshop = workshops.find_by_code(db, world["code"])
    assert workshop_votes.item_votes(db, workshop, world["item_id"]) == []


@pytest.mark.parametrize(("text", "number"), [
    ("3", 3), (" 12 ", 12), ("", None), (None, None), ("²", None), ("٣", None),
    ("-1", None), ("9" * 5000, None), ("1" * 18, int("1" * 18)), ("1" * 19, None)])
def test_a_version_is_ascii_digits(text, number):
    from gapassess.web.form_numbers import version_number

    assert version_number(text) == number


def test_a_consensus_or_clause_post_with_a_superscript_version_is_no_error(app, client,
                                                                           login_as, world):
    login_as("admin")
    response = client.post(route_url(app, "workshop.consensus", world), data={
        "item_id": world["item_id"], "version": "²", "compliance": "1", "outcome": "1"})
    assert response.status_code == 302
    response = client.post(route_url(app, "assess.save_clause", world), data={
        f"{world['item_id']}:version": "²", f"{world['item_id']}:compliance": "1"})
    assert response.status_code == 302  # not on the submitted page: nothing to save


def test_an_upload_with_a_file_name_too_long_to_save_is_read(app, client, db, login_as, world):
    """A 300-character file name made saving the copy raise OSError (File name too long)."""
    import io

    login_as("admin")
    rows = f"item_id,compliance,outcome\n{world['item_id']},9,1\n".encode()
    response = client.post(route_url(app, "results.upload", world), data={
        "workbook": (io.BytesIO(rows), "a" * 300 + ".csv")}, content_type="multipart/form-data")
    assert response.status_code == 400  # read: the compliance of 9 is refused, by row
    assert "answers.csv" in response.get_data(as_text=True)


def test_a_multipart_part_named_with_a_line_break_is_left_out(app, client, login_as, world):
    """Werkzeug gives such a part the key None, which the scenario rows' key scan could not
    read: it was a 500."""
    login_as("consultant")
    url = route_url(app, "results.save_scenarios", world)
    response = client.post(url, data={"\n": "a", "scenarios-0-capacity": "12"},
                           content_type="multipart/form-data")
    assert response.status_code < 500
