"""The web's own Python text follows the browser's language: labels, validation, flashes."""

from __future__ import annotations

import pytest

from tests.i18n_support import GERMAN_HEADER, with_catalogue
from tests.test_web_orgs_access import ORG_FORM

GERMAN = GERMAN_HEADER + r'''
msgid "Email"
msgstr "E-Mail"

msgid "Certification status"
msgstr "Zertifizierungsstatus"

msgid "Not certified"
msgstr "Nicht zertifiziert"

msgid "Give the organisation a name."
msgstr "Geben Sie der Organisation einen Namen."

msgid "That email and password do not match an account."
msgstr "E-Mail-Adresse und Passwort passen zu keinem Konto."

msgid "Organisation profile saved."
msgstr "Organisationsprofil gespeichert."

msgid "Please log in to continue."
msgstr "Bitte melden Sie sich an."
'''

GERMAN_BROWSER = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}


@pytest.fixture
def german(tmp_path, monkeypatch):
    return with_catalogue(tmp_path, monkeypatch, "de", GERMAN)


def _page(response) -> str:
    return response.get_data(as_text=True)


def test_login_label_and_flash_are_translated(client, german, org_with_people):
    _, _, people = org_with_people
    german_login = _page(client.get("/login", headers=GERMAN_BROWSER))
    assert '<label for="email">E-Mail</label>' in german_login
    assert '<label for="email">Email</label>' in _page(client.get("/login"))

    wrong = {"email": people["viewer"].email, "password": "not-the-password"}
    refused = _page(client.post("/login", data=wrong, headers=GERMAN_BROWSER))
    assert "E-Mail-Adresse und Passwort passen zu keinem Konto." in refused
    assert "That email and password do not match an account." in _page(
        client.post("/login", data=wrong))


def test_flask_login_asks_to_log_in_in_the_browsers_language(client, german, org_with_people):
    org, _, _ = org_with_people
    page = _page(client.get(f"/orgs/{org.id}", headers=GERMAN_BROWSER, follow_redirects=True))
    assert "Bitte melden Sie sich an." in page


def test_form_labels_choices_and_validation_are_translated(client, german, login_as,
                                                           org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    form = dict(ORG_FORM, name="", certification_status="bogus")
    page = _page(client.post(f"/orgs/{org.id}/edit", data=form, headers=GERMAN_BROWSER))
    assert '<label for="certification_status">Zertifizierungsstatus</label>' in page
    assert '<option value="not-certified">Nicht zertifiziert</option>' in page
    assert "Geben Sie der Organisation einen Namen." in page  # our own validator message
    assert "Keine gültige Auswahl." in page  # WTForms' own message, through Flask-WTF's i18n

    english = _page(client.post(f"/orgs/{org.id}/edit", data=form))
    assert '<label for="certification_status">Certification status</label>' in english
    assert "Give the organisation a name." in english and "Not a valid choice." in english


def test_a_flash_after_a_redirect_is_in_the_browsers_language(client, german, login_as,
                                                              org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    form = dict(ORG_FORM, name="Acme Widgets Renamed")
    page = _page(client.post(f"/orgs/{org.id}/edit", data=form, headers=GERMAN_BROWSER,
                             follow_redirects=True))
    assert "Organisationsprofil gespeichert." in page
