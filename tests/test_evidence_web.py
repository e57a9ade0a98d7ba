"""Evidence files through the web: upload, list, download, delete, and every refusal."""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from gapassess.db import evidence as evidence_db
from gapassess.db.evidence_store import LocalStore, StoreError
from gapassess.db.models import AuditEvent, EvidenceFile
from gapassess.web.services import evidence as evidence_service
from tests import evidence_support as files
from tests import factories
from tests.web_pages import ITEM, csrf_login, csrf_token_of

pytest_plugins = ("tests.web_bank",)


def _store_root(app) -> Path:
    return Path(app.instance_path) / "evidence"


def _rows(db, **where):
    db.expire_all()
    return list(db.scalars(select(EvidenceFile).filter_by(**where)))


def _page(client, assessment, view="full"):
    return client.get(f"/assessments/{assessment.id}/clauses/4?view={view}").get_data(
        as_text=True)


def test_upload_list_download_and_delete(app, client, db, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    response = files.upload(client, mine.id, ITEM, "Audit report 2026.pdf", files.PDF)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assessments/{mine.id}/clauses/4#item-{ITEM}")
    [row] = _rows(db)
    assert (row.filename, row.size, row.content_type) == (
        "Audit report 2026.pdf", len(files.PDF), "application/pdf")
    assert row.evidence_date == date(2026, 11, 1) and row.expires_on is None
    assert row.storage_key.startswith(f"{mine.organisation_id}/")
    assert (_store_root(app) / row.storage_key).read_bytes() == files.PDF
    page = _page(client, mine)
    assert "Audit report 2026.pdf" in page and "Evidence files (1)" in page
    assert "2026-11-01" in page and "Uploaded" in page
    assert "Audit report 2026.pdf added (evidence of 2026-11-01)" in page  # the history
    assert "Evidence files: 1" in _page(client, mine, "compact")

    download = client.get(f"/assessments/{mine.id}/evidence/{row.id}")
    assert download.status_code == 200 and download.data == files.PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"Audit report 2026.pdf\"; "
        "filename*=UTF-8''Audit%20report%202026.pdf")
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    deleted = client.post(f"/assessments/{mine.id}/evidence/{row.id}/delete")
    assert deleted.status_code == 302
    [row] = _rows(db)
    assert row.deleted_at is not None and row.deleted_by_id is not None
    assert files.stored_files(_store_root(app)) == []
    page = _page(client, mine)
    assert "Evidence files (0)" in page
    assert "Audit report 2026.pdf" in page and "deleted" in page  # still in the history
    events = db.scalars(select(AuditEvent).where(AuditEvent.action.like("evidence-%"))).all()
    assert [e.action for e in events] == ["evidence-add", "evidence-delete"]
    assert client.get(f"/assessments/{mine.id}/evidence/{row.id}").status_code == 404
    assert client.post(f"/assessments/{mine.id}/evidence/{row.id}/delete").status_code == 404


def test_download_names_and_types(app, client, db, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    response = files.upload(client, mine.id, ITEM, "..\\..\\Prüf;bericht%.pdf", files.PDF)
    assert response.status_code == 302, response.data
    [row] = _rows(db)
    assert row.filename == "Prüf;bericht%.pdf"
    download = client.get(f"/assessments/{mine.id}/evidence/{row.id}")
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"Pr_f_bericht_.pdf\"; filename*=UTF-8''Pr%C3%BCf%3Bbericht%25.pdf")
    row.content_type = "text/html"  # a type outside the accepted list is never served
    db.commit()
    download = client.get(f"/assessments/{mine.id}/evidence/{row.id}")
    assert download.headers["Content-Type"] == "application/octet-stream"
    assert download.headers["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(("name", "data", "why"), [
    ("invoice.pdf", files.EXE, "Windows program"),
    ("page.html", files.HTML, "web pages"),
    ("logo.svg", files.SVG, "SVG"),
    ("data.xyz", b"\x01\x02\x03", "are not accepted"),
    ("fake.docx", b"PK\x03\x04 not a zip", "not those of a .docx"),
])
def test_refused_types_leave_nothing(app, client, db, login_as, assessments, name, data, why):
    mine, _ = assessments
    login_as("assessor")
    response = files.upload(client, mine.id, ITEM, name, data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert name in page and why in page and f"Item {ITEM}" in page
    assert _rows(db) == [] and files.stored_files(_store_root(app)) == []


def test_refusals_answer_json_to_the_page_script(client, db, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    response = files.upload(client, mine.id, ITEM, "tool.pdf", files.EXE)
    assert response.status_code == 302
    fetched = client.post(f"/assessments/{mine.id}/items/{ITEM}/evidence",
                          data={"file": (__import__("io").BytesIO(files.EXE), "tool.pdf"),
                                "evidence_date": "2026-11-01"},
                          headers={"X-Requested-With": "fetch"})
    assert fetched.status_code == 400
    body = fetched.get_json()
    assert body["ok"] is False and "tool.pdf" in body["message"]


def test_missing_or_bad_dates_and_file(client, db, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    for extra, message in (({"evidence_date": ""}, "Evidence date: give the date"),
                           ({"evidence_date": "2026-02-30"}, "is not a date"),
                           ({"evidence_date": "1900-01-01"}, "must be between"),
                           ({"expires_on": "2026-01-01"}, "before the evidence date")):
        response = files.upload(client, mine.id, ITEM, "a.pdf", files.PDF,
                                **{"evidence_date": "2026-11-01", **extra})
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert message in page, extra
    response = client.post(f"/assessments/{mine.id}/items/{ITEM}/evidence",
                           data={"evidence_date": "2026-11-01"})
    assert "choose a file" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert client.post(f"/assessments/{mine.id}/items/no-such-item/evidence",
                       data={}).status_code == 404
    assert _rows(db) == []


def test_size_over_the_limit_names_the_limit(app, client, db, login_as, assessments):
    mine, _ = assessments
    app.config["EVIDENCE_MAX_MB"] = 1
    login_as("assessor")
    big = files.PDF + b"0" * (1024 * 1024)
    response = files.upload(client, mine.id, ITEM, "big.pdf", big)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "big.pdf was refused" in page and "at most 1 MB" in page
    # over the request limit itself: a page naming the evidence limit, not a 500
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = files.upload(client, mine.id, ITEM, "big.pdf", big)
    assert response.status_code == 413
    assert "at most" in response.get_data(as_text=True) and "1 MB" in response.get_data(
        as_text=True)
    assert _rows(db) == [] and files.stored_files(_store_root(app)) == []


def test_the_request_limit_allows_the_largest_evidence_file(monkeypatch, tmp_path):
    from gapassess.web.config import Config

    monkeypatch.setenv("GAPASSESS_EVIDENCE_MAX_MB", "50")
    config = Config(tmp_path)
    assert config.EVIDENCE_MAX_MB == 50 and config.MAX_CONTENT_LENGTH > 50 * 1024 * 1024
    monkeypatch.delenv("GAPASSESS_EVIDENCE_MAX_MB")
    config = Config(tmp_path)
    assert (config.EVIDENCE_MAX_MB, config.EVIDENCE_QUOTA_MB) == (20, 500)
    assert config.MAX_CONTENT_LENGTH > 20 * 1024 * 1024


def test_only_the_evidence_upload_may_send_more_than_the_form_limit(app, client, db, login_as,
                                                                    assessments):
    from gapassess.web.config import REQUEST_MAX_BYTES, upload_request_bytes

    mine, _ = assessments
    app.config["EVIDENCE_MAX_MB"] = 20
    app.config["MAX_CONTENT_LENGTH"] = upload_request_bytes(20 * 1024 * 1024)
    login_as("assessor")
    big = files.PDF + b"0" * (REQUEST_MAX_BYTES + 1024)
    response = files.upload(client, mine.id, ITEM, "big.pdf", big)
    assert response.status_code == 302
    assert [r.filename for r in _rows(db)] == ["big.pdf"]
    # any other route stays at the form limit although MAX_CONTENT_LENGTH fits the evidence
    response = client.post(f"/assessments/{mine.id}/clauses/4", content_type="multipart/form-data",
                           data={"notes": "x", "file": (io.BytesIO(big), "a.csv")})
    assert response.status_code == 413
    assert "16 MB" in response.get_data(as_text=True)


def test_quota_per_organisation(app, client, db, login_as, assessments):
    mine, _ = assessments
    app.config["EVIDENCE_QUOTA_MB"] = 1
    login_as("assessor")
    part = files.PDF + b"0" * (600 * 1024)
    files.upload(client, mine.id, ITEM, "one.pdf", part)
    response = files.upload(client, mine.id, ITEM, "two.pdf", part)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "two.pdf was refused" in page and "quota of 1 MB" in page
    assert [r.filename for r in _rows(db)] == ["one.pdf"]
    # a deleted file no longer counts
    client.post(f"/assessments/{mine.id}/evidence/{_rows(db)[0].id}/delete")
    files.upload(client, mine.id, ITEM, "two.pdf", part)
    assert [r.filename for r in _rows(db, deleted_at=None)] == ["two.pdf"]


class _BreaksHalfway(LocalStore):
    """Writes part of the file, then fails, as a full disk or a lost connection would."""

    def put(self, key, stream, size):
        class Half:
            def __init__(self):
                self.given = 0

            def read(self, amount=-1):
                if self.given:
                    raise OSError("disk full")
                self.given += 1
                return stream.read(10)

        super().put(key, Half(), size)


def test_a_file_that_fails_to_store_leaves_nothing(app, client, db, login_as, assessments):
    mine, _ = assessments
    evidence_service.set_store(app, _BreaksHalfway(_store_root(app)))
    login_as("assessor")
    failed = files.upload(client, mine.id, ITEM, "a.pdf", files.PDF)
    assert failed.status_code == 302  # back to the item with a message, not a server error
    shown = client.get(failed.headers["Location"]).get_data(as_text=True)
    assert "the file could not be stored, so nothing was saved" in shown
    assert _rows(db) == [] and files.stored_files(_store_root(app)) == []

    class Unavailable(LocalStore):
        def put(self, key, stream, size):
            raise StoreError("bucket unreachable")

    evidence_service.set_store(app, Unavailable(_store_root(app)))
    response = files.upload(client, mine.id, ITEM, "a.pdf", files.PDF)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "could not be stored, so nothing was saved" in page
    assert _rows(db) == []


def test_a_failure_to_record_removes_the_stored_bytes(app, db, assessments, monkeypatch):
    import io

    mine, _ = assessments
    store = LocalStore(_store_root(app))

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(evidence_db.audit, "record", broken)
    with pytest.raises(RuntimeError):
        evidence_db.add_file(db, store, assessment=mine, item_id=ITEM, name="a.pdf",
                             stream=io.BytesIO(files.PDF), evidence_date=date(2026, 1, 1),
                             expires_on=None, user=None, limits=evidence_db.Limits())
    assert _rows(db) == [] and files.stored_files(_store_root(app)) == []


def test_delete_asks_for_confirmation_first(client, db, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    files.upload(client, mine.id, ITEM, "a.pdf", files.PDF)
    [row] = _rows(db)
    page = _page(client, mine)
    confirm = page[page.index('<details class="confirm">'):]
    confirm = confirm[:confirm.index("</details>")]
    assert "is removed from the evidence of item" in confirm
    assert f'form="ev-del-{row.id}"' in confirm and "<form" not in confirm  # no nested form
    assert f'id="ev-del-{row.id}"' in page


def test_the_database_layer_refuses_a_final_assessments_files(app, db, assessments):
    mine, _ = assessments
    store = LocalStore(_store_root(app))
    row = evidence_db.add_file(db, store, assessment=mine, item_id=ITEM, name="a.pdf",
                               stream=io.BytesIO(files.PDF), evidence_date=date(2026, 1, 1),
                               expires_on=None, user=None, limits=evidence_db.Limits())
    mine.status = "final"
    with pytest.raises(evidence_db.AssessmentFinal, match="final"):
        evidence_db.add_file(db, store, assessment=mine, item_id=ITEM, name="b.pdf",
                             stream=io.BytesIO(files.PDF), evidence_date=date(2026, 1, 1),
                             expires_on=None, user=None, limits=evidence_db.Limits())
    with pytest.raises(evidence_db.AssessmentFinal, match="final"):
        evidence_db.delete_file(db, mine, row, None)
    assert [r.filename for r in _rows(db, deleted_at=None)] == ["a.pdf"]


def test_expiry_flags_and_the_overview_count(client, db, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    today = date.today()
    files.upload(client, mine.id, ITEM, "old-certificate.pdf", files.PDF,
                 evidence_date=(today - timedelta(days=400)).isoformat(),
                 expires_on=(today - timedelta(days=1)).isoformat())
    files.upload(client, mine.id, ITEM, "calibration.pdf", files.PDF,
                 evidence_date=(today - timedelta(days=300)).isoformat(),
                 expires_on=(today + timedelta(days=10)).isoformat())
    files.upload(client, mine.id, ITEM, "policy.pdf", files.PDF,
                 evidence_date=today.isoformat(),
                 expires_on=(today + timedelta(days=200)).isoformat())
    page = _page(client, mine)
    assert page.count(">Expired<") == 1 and page.count(">Expires soon<") == 1
    overview = client.get(f"/assessments/{mine.id}").get_data(as_text=True)
    assert "1 evidence file has expired." in overview
    assert f"/assessments/{mine.id}/evidence/expired" in overview
    expired = client.get(f"/assessments/{mine.id}/evidence/expired").get_data(as_text=True)
    assert "old-certificate.pdf" in expired and "calibration.pdf" not in expired
    assert f"#item-{ITEM}" in expired


def test_other_organisations_files_are_not_found(app, client, db, login_as, assessments,
                                                 org_with_people):
    mine, theirs = assessments
    _, other, _ = org_with_people
    outsider = factories.gen_user(db, other, role="consultant", email="boss@other.example")
    db.commit()
    client.post("/login", data={"email": outsider.email, "password": factories.PASSWORD})
    files.upload(client, theirs.id, ITEM, "theirs.pdf", files.PDF)
    [row] = _rows(db)
    client.post("/logout")
    login_as("consultant")
    # their file through my assessment's URL, and through theirs
    for url in (f"/assessments/{mine.id}/evidence/{row.id}",
                f"/assessments/{theirs.id}/evidence/{row.id}"):
        assert client.get(url).status_code == 404
        assert client.post(url + "/delete").status_code == 404
    assert files.upload(client, theirs.id, ITEM, "x.pdf", files.PDF).status_code == 404
    assert _rows(db)[0].deleted_at is None


def test_viewers_list_and_download_but_cannot_upload_or_delete(client, db, login_as,
                                                               assessments):
    mine, _ = assessments
    login_as("assessor")
    files.upload(client, mine.id, ITEM, "a.pdf", files.PDF)
    [row] = _rows(db)
    client.post("/logout")
    login_as("viewer")
    page = _page(client, mine)
    assert "a.pdf" in page and "File to add" not in page and "ev-del-" not in page
    assert client.get(f"/assessments/{mine.id}/evidence/{row.id}").data == files.PDF
    assert files.upload(client, mine.id, ITEM, "b.pdf", files.PDF).status_code == 403
    assert client.post(f"/assessments/{mine.id}/evidence/{row.id}/delete").status_code == 403
    assert [r.deleted_at for r in _rows(db)] == [None]


def test_a_final_assessment_keeps_its_files(client, db, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    files.upload(client, mine.id, ITEM, "a.pdf", files.PDF)
    mine.status = "final"
    db.commit()
    response = files.upload(client, mine.id, ITEM, "b.pdf", files.PDF)
    assert "final" in client.get(response.headers["Location"]).get_data(as_text=True)
    [row] = _rows(db)
    client.post(f"/assessments/{mine.id}/evidence/{row.id}/delete")
    assert [r.deleted_at for r in _rows(db)] == [None]


def test_upload_and_delete_need_the_token(csrf_client, db, assessments):
    mine, _ = assessments
    csrf_login(csrf_client, "assessor@acme.example")
    refused = files.upload(csrf_client, mine.id, ITEM, "a.pdf", files.PDF)
    assert refused.status_code == 400 and _rows(db) == []
    token = csrf_token_of(csrf_client, f"/assessments/{mine.id}/clauses/4?view=full")
    accepted = files.upload(csrf_client, mine.id, ITEM, "a.pdf", files.PDF, csrf_token=token)
    assert accepted.status_code == 302
    [row] = _rows(db)
    url = f"/assessments/{mine.id}/evidence/{row.id}/delete"
    assert csrf_client.post(url).status_code == 400
    assert _rows(db)[0].deleted_at is None
    assert csrf_client.post(url, data={"csrf_token": token}).status_code == 302
    assert _rows(db)[0].deleted_at is not None


def test_the_page_forms_post_without_javascript(client, db, login_as, assessments):
    """The upload fields stand in the item, their form outside the answer form: the
    answer form does not carry them, the upload form does."""
    from tests.web_pages import browser_form

    mine, _ = assessments
    login_as("assessor")
    page = _page(client, mine)
    assert "evidence_date" not in browser_form(page)
    upload_form = browser_form(page, f"ev-{ITEM}-up")
    assert set(upload_form) == {"csrf_token", "file", "evidence_date", "expires_on"}
    assert upload_form["evidence_date"] == date.today().isoformat()


@pytest.mark.parametrize("transport", ["unix", "tcp"])
def test_clamd_scans_before_storing(app, client, db, login_as, assessments, tmp_path,
                                    transport):
    mine, _ = assessments
    path = str(tmp_path / "clamd.sock") if transport == "unix" else None
    server, address = files.fake_clamd(path)
    app.config["CLAMD"] = address
    try:
        login_as("assessor")
        files.upload(client, mine.id, ITEM, "clean.pdf", files.PDF)
        response = files.upload(client, mine.id, ITEM, "infected.txt", files.EICAR)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
    finally:
        server.shutdown()
        server.server_close()
    assert server.commands == [b"zINSTREAM\0", b"zINSTREAM\0"]
    assert server.received == [files.PDF, files.EICAR]
    assert "infected.txt was refused: the virus scanner found Eicar-Test-Signature" in page
    assert [r.filename for r in _rows(db)] == ["clean.pdf"]
    assert len(files.stored_files(_store_root(app))) == 1


def test_an_unreachable_clamd_refuses_the_file(app, client, db, login_as, assessments):
    mine, _ = assessments
    app.config["CLAMD"] = f"127.0.0.1:{files.free_port()}"
    login_as("assessor")
    response = files.upload(client, mine.id, ITEM, "a.pdf", files.PDF)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "virus scanner could not be reached" in page
    assert _rows(db) == [] and not os.path.exists(_store_root(app) / str(mine.organisation_id))
