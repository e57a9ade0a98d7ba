"""The minimal web slice: log in, see what you may see, log out."""

import pytest

from tests import factories


def test_index_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_shows_only_own_organisations(client, auth, db, org_with_people):
    org, other, people = org_with_people
    factories.gen_assessment(db, org, title="Acme 2026 gap review")
    factories.gen_assessment(db, other, title="Secret other assessment")
    db.commit()
    assert auth.login(people["assessor"].email).status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Acme Widgets" in page
    assert "Acme 2026 gap review" in page
    assert "Other Co" not in page
    assert "Secret other assessment" not in page


def test_site_admin_sees_every_organisation(client, auth, org_with_people):
    _, _, people = org_with_people
    auth.login(people["admin"].email)
    page = client.get("/").get_data(as_text=True)
    assert "Acme Widgets" in page and "Other Co" in page


def test_wrong_password_is_refused_without_detail(client, auth, org_with_people):
    _, _, people = org_with_people
    response = auth.login(people["viewer"].email, "not-the-password")
    assert response.status_code == 200
    assert "do not match" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_logout_ends_the_session(client, auth, org_with_people):
    _, _, people = org_with_people
    auth.login(people["viewer"].email)
    assert client.get("/").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_login_never_redirects_off_site(client, org_with_people, target):
    _, _, people = org_with_people
    response = client.post(
        f"/login?next={target}",
        data={"email": people["viewer"].email, "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_security_headers_and_cookie_flags(client, auth, org_with_people):
    _, _, people = org_with_people
    response = auth.login(people["viewer"].email)
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_signed_in_pages_are_not_cached_and_hsts_follows_secure_cookies(
    app, client, auth, org_with_people
):
    _, _, people = org_with_people
    assert "Cache-Control" not in client.get("/login").headers  # nothing private yet
    auth.login(people["viewer"].email)
    page = client.get("/")
    assert page.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in page.headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get("/").headers["Strict-Transport-Security"] == "max-age=31536000"


def test_a_request_over_the_size_limit_gets_a_plain_page_naming_it(app, client, auth,
                                                                  org_with_people):
    _, _, people = org_with_people
    auth.login(people["viewer"].email)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = client.post("/logout", data={"x": "a" * (1024 * 1024 + 10)})
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "File too large" in page and "1 MB at most" in page and "nothing was saved" in page


@pytest.mark.parametrize("url", ["/orgs/{n}", "/assessments/{n}", "/assessments/{n}/results",
                                 "/assessments/{n}/roadmap", "/orgs/{n}/edit"])
def test_an_id_too_large_for_the_database_is_not_found(client, auth, org_with_people, url):
    _, _, people = org_with_people
    auth.login(people["viewer"].email)
    for n in (2**63, 2**64 + 5, 10**30):
        assert client.get(url.format(n=n)).status_code == 404
