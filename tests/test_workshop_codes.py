"""Workshop join codes: long enough not to be guessed (at least 40 bits), easy to type
(no look-alikes, shown in groups, any case, with or without dashes or spaces), codes of
older workshops still work, and looking codes up is rate limited."""

from __future__ import annotations

import io
import math

import pytest
import qrcode
import qrcode.image.svg

from gapassess.db import workshops
from gapassess.db.models import Workshop
from tests.workshop_support import join, open_workshop


def test_codes_hold_at_least_40_bits_without_look_alikes(db, org_with_people):
    assert math.log2(len(workshops.CODE_ALPHABET)) * workshops.CODE_LENGTH >= 40
    assert len(set(workshops.CODE_ALPHABET)) == len(workshops.CODE_ALPHABET) >= 25
    assert not set(workshops.CODE_ALPHABET) & set("0O1IL")
    org, _, _ = org_with_people
    codes = {open_workshop(db, org).code for _ in range(5)}
    assert len(codes) == 5
    column = Workshop.__table__.c.code.type.length
    for code in codes:
        assert len(code) == workshops.CODE_LENGTH <= column
        assert set(code) <= set(workshops.CODE_ALPHABET)


def test_codes_are_shown_in_groups():
    assert workshops.format_code("ACDEFGHJK") == "ACD-EFG-HJK"
    assert workshops.format_code("ACDEFG") == "ACD-EFG"  # an older, shorter code


@pytest.fixture
def room(db, org_with_people):
    org, _, people = org_with_people
    return open_workshop(db, org, people["consultant"])


def _typed_forms(code: str) -> list[str]:
    grouped = workshops.format_code(code)
    return [code, code.lower(), grouped, grouped.lower(), grouped.replace("-", " "),
            f"  {code[:4]} {code[4:].lower()} ", code[:2] + "-" + code[2:]]


def test_the_code_is_accepted_however_it_is_typed(client, room):
    target = f"/w/{room.code}/"
    for typed in _typed_forms(room.code):
        assert client.get(f"/j/{typed}").headers["Location"].endswith(target), typed
        found = client.get("/j", query_string={"code": typed})
        assert client.get(found.headers["Location"]).headers["Location"].endswith(target)
    assert client.get(target).status_code == 200


def test_a_code_of_an_older_workshop_still_works(client, db, room):
    room.code = "ACDEFG"  # six characters, as workshops were opened before
    db.commit()
    assert client.get("/j/acd-efg").headers["Location"].endswith("/w/ACDEFG/")
    assert client.get("/w/ACDEFG/").status_code == 200
    _, token = join(db, room)
    assert workshops.find_with_participant(db, "acd efg", token)[0].id == room.id


def test_projector_console_and_join_page_show_the_grouped_code(client, login_as, room):
    grouped = workshops.format_code(room.code)
    base = f"/assessments/{room.assessment_id}/workshops/{room.id}"
    login_as("consultant")
    for page in (base, base + "/projector"):
        text = client.get(page).get_data(as_text=True)
        assert grouped in text, page
        assert f"/j/{room.code}" in text, page  # the link and the QR code's alt text
    client.post("/logout")
    assert grouped in client.get(f"/w/{room.code}/").get_data(as_text=True)


def test_the_qr_code_encodes_the_short_link(client, login_as, room):
    login_as("consultant")
    served = client.get(f"/assessments/{room.assessment_id}/workshops/{room.id}/qr.svg").data
    expected = io.BytesIO()
    qrcode.make(f"http://localhost/j/{room.code}", image_factory=qrcode.image.svg.SvgPathImage,
                box_size=20, border=2).save(expected)
    assert served == expected.getvalue()


@pytest.fixture
def limited(limited_app, room):
    """The app with the code-lookup limit on (3 a minute), on the same database."""
    return limited_app(WORKSHOP_CODE_RATE_LIMIT="3 per minute").test_client()


def test_guessing_codes_reaches_the_limit(limited, room):
    misses = [limited.get(path).status_code
              for path in ("/j/NOPE", "/w/NOPE/", "/j/ACDEFGHJK", "/j/NOPE", "/w/NOPE/")]
    assert misses == [404, 404, 404, 429, 429]
    refused = limited.get(f"/j/{room.code}")  # once over the limit, every lookup waits
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert limited.get(f"/w/{room.code}/").status_code == 429


def test_lookups_that_find_the_workshop_are_not_counted(limited, room):
    found = [limited.get(f"/j/{room.code.lower()}").status_code for _ in range(5)]
    found += [limited.get(f"/w/{room.code}/").status_code for _ in range(5)]
    assert found == [302] * 5 + [200] * 5
    assert [limited.get("/j/NOPE").status_code for _ in range(4)] == [404, 404, 404, 429]


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/w/NOPE/state"), ("post", "/w/NOPE/vote"), ("post", "/w/NOPE/join")])
def test_every_route_that_names_a_code_counts_the_misses(limited, room, method, path):
    """The state, vote and join routes answer 404 for a code that names no workshop: they
    share the lookup limit, so they cannot be used to guess codes around it."""
    statuses = [getattr(limited, method)(path).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
