"""The assessor and firm of an assessment, and the report branding stored for an
organisation and for the consultant firm: set on the web, refused when unusable, and used
by the web download and the command line."""

from __future__ import annotations

import io
import logging
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from PIL import Image

from gapassess.cli import main
from gapassess.db import audit, brands
from gapassess.db.models import Assessment, Brand
from gapassess.domain.report import reference_template
from gapassess.domain.report import template as template_module
from gapassess.domain.report.branding import MAX_LOGO_BYTES, MAX_LOGO_SIDE
from gapassess.domain.report.template import MAX_TEMPLATE_BYTES
from tests import report_support as rs
from tests import results_data

PRIMARY, ACCENT = "#7A1F3D", "#1F5F3A"
HEADER_MARK = "Harbour Consulting letterhead"


@pytest.fixture
def assessment(db, org_with_people):
    org, _, _ = org_with_people
    a = results_data.answered_assessment(db, org, count=12)
    db.commit()
    return a


def png(width: int = 120, height: int = 40, colour=(200, 30, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width: int = 80, height: int = 80) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 90, 140)).save(buffer, "JPEG")
    return buffer.getvalue()


def template_docx(mark: str = HEADER_MARK) -> bytes:
    """The shipped template with a line of letterhead in its header."""
    document = docx.Document(str(reference_template()))
    document.sections[0].header.paragraphs[0].text = mark
    document.sections[0].first_page_header.paragraphs[0].text = mark
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _post_brand(client, url, logo=None, template=None, **fields):
    data = {"primary_colour": "", "accent_colour": "", **fields}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo[0]), logo[1])
    if template is not None:
        data["template"] = (io.BytesIO(template[0]), template[1])
    return client.post(url, data=data, content_type="multipart/form-data")


def _brand(db, organisation_id):
    db.expire_all()
    if organisation_id is None:
        return db.query(Brand).filter(Brand.organisation_id.is_(None)).one_or_none()
    return db.query(Brand).filter_by(organisation_id=organisation_id).one_or_none()


def _report(client, assessment_id) -> docx.document.Document:
    response = client.get(f"/assessments/{assessment_id}/report.docx")
    assert response.status_code == 200
    return docx.Document(io.BytesIO(response.data))


def _cover_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs[:12])


def _logo_shapes(document):
    return [s for s in document.inline_shapes if s._inline.docPr.get("descr") == "Logo"]


def _header_text(document) -> str:
    section = document.sections[0]
    return " ".join(p.text for h in (section.header, section.first_page_header)
                    for p in h.paragraphs)


# --------------------------------------------------------------- assessor and firm
def test_consultant_names_the_assessor_shown_escaped_and_on_the_report(
        client, db, login_as, assessment):
    login_as("consultant")
    response = client.post(f"/assessments/{assessment.id}/assessor", data={
        "assessor_name": "  Jane <b>Doe</b>  ", "assessor_firm": "Doe & Partners"})
    assert response.status_code == 302
    db.expire_all()
    stored = db.get(Assessment, assessment.id)
    assert (stored.assessor_name, stored.assessor_firm) == ("Jane <b>Doe</b>", "Doe & Partners")
    page = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert "Jane &lt;b&gt;Doe&lt;/b&gt;, Doe &amp; Partners" in page and "<b>Doe" not in page
    event = audit.history(db, "assessment", assessment.id)[0]
    assert event.after == {"assessor_name": "Jane <b>Doe</b>", "assessor_firm": "Doe & Partners"}
    cover = _cover_text(_report(client, assessment.id))
    assert "Assessor: Jane <b>Doe</b>" in cover and "Firm: Doe & Partners" in cover
    assert "not named" not in cover


def test_control_characters_in_the_assessor_do_not_break_the_report(client, db, login_as,
                                                                     assessment):
    login_as("consultant")
    client.post(f"/assessments/{assessment.id}/assessor", data={
        "assessor_name": "Ann\x07 \u202eevil\u202c", "assessor_firm": "\u05d0\u05d1 Ltd\x1b"})
    cover = _cover_text(_report(client, assessment.id))
    assert "Assessor: Ann \u202eevil\u202c" in cover and "Firm: \u05d0\u05d1 Ltd" in cover


def test_assessor_form_refuses_long_text_and_lower_roles(client, db, login_as, assessment):
    login_as("consultant")
    response = client.post(f"/assessments/{assessment.id}/assessor",
                           data={"assessor_name": "x" * 201, "assessor_firm": "F"})
    assert response.status_code == 400
    assert "200 characters" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Assessment, assessment.id).assessor_name == ""
    client.post("/logout")
    login_as("assessor")
    assert client.post(f"/assessments/{assessment.id}/assessor",
                       data={"assessor_name": "Me"}).status_code == 403


def test_assessor_form_needs_the_csrf_token(client, db, login_as, assessment, app):
    login_as("consultant")
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/assessments/{assessment.id}/assessor",
                           data={"assessor_name": "Jane"})
    assert response.status_code == 400
    db.expire_all()
    assert db.get(Assessment, assessment.id).assessor_name == ""


# --------------------------------------------------------------- branding
def test_organisation_branding_is_stored_and_used_by_the_download(
        client, db, login_as, assessment, org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    url = f"/orgs/{org.id}/brand"
    assert client.get(url).status_code == 200
    response = _post_brand(client, url, logo=(png(), "evil.exe"),
                           template=(template_docx(), "brand.docx"),
                           primary_colour=PRIMARY.lower(), accent_colour=ACCENT)
    assert response.status_code == 302, response.get_data(as_text=True)
    brand = _brand(db, org.id)
    assert brand.logo_type == "png" and brand.primary_colour == PRIMARY
    assert brand.template_name == "brand.docx"
    event = audit.history(db, "brand", org.id)[0]
    assert event.action == "create" and "bytes" in event.after["logo"]
    page = client.get(url).get_data(as_text=True)
    assert "data:image/png;base64," in page and "brand.docx" in page

    document = _report(client, assessment.id)
    assert len(_logo_shapes(document)) == 1
    assert document.paragraphs[0].runs and _logo_shapes(document)  # the logo comes first
    assert str(document.styles["Title"].font.color.rgb) == PRIMARY[1:]
    assert str(document.styles["Heading 1"].font.color.rgb) == PRIMARY[1:]
    assert str(document.styles["Heading 2"].font.color.rgb) == ACCENT[1:]
    assert HEADER_MARK in _header_text(document)

    # removing the logo keeps the rest
    response = _post_brand(client, url, remove_logo="y", primary_colour=PRIMARY,
                           accent_colour=ACCENT)
    assert response.status_code == 302
    assert _brand(db, org.id).logo is None and _brand(db, org.id).template is not None
    assert not _logo_shapes(_report(client, assessment.id))


def _too_many_pixels() -> bytes:
    return png(MAX_LOGO_SIDE + 1, 20)


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    return buffer.getvalue()


def _word_template_file() -> bytes:
    """A .dotx: a Word template, not a document (its content type says so)."""
    data = template_docx()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            archive.writestr(info, content)
    return buffer.getvalue()


REFUSED = {
    "logo too big": ({"logo": (b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_LOGO_BYTES, "l.png")},
                     "larger than 1024 KB"),
    "logo not an image": ({"logo": (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "l.png")},
                          "not a PNG or JPEG image"),
    "logo a GIF": ({"logo": (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "l.png")},
                   "not a PNG or JPEG image"),
    "logo truncated": ({"logo": (png()[:60], "l.png")}, "damaged or incomplete"),
    "logo too many pixels": ({"logo": (_too_many_pixels(), "l.png")}, "pixels"),
    "colour not hex": ({"primary_colour": "blue"}, "hex code such as #1F3A5F"),
    "colour too pale": ({"accent_colour": "#FFFF00"}, "too pale to read"),
    "template too big": ({"template": (b"PK\x03\x04" + b"\0" * MAX_TEMPLATE_BYTES, "t.docx")},
                         "larger than 10 MB"),
    "template not a zip": ({"template": (b"plain text", "t.docx")}, "not a Word .docx file"),
    "template a plain zip": ({"template": (_plain_zip(), "t.docx")},
                             "not a readable Word .docx file"),
    "template a .dotx": ({"template": (_word_template_file(), "t.docx")},
                         "not a readable Word .docx file"),
    "template no page setup": ({"template": (rs.page_variant(rs.without_page_setup), "t.docx")},
                               "has no page setup"),
    "template margins too wide": ({"template": (rs.page_variant(rs.left_margin(20000)),
                                                "t.docx")}, "cm for text across"),
    "template page too short": ({"template": (rs.page_variant(rs.top_margin(12000)), "t.docx")},
                                "cm for text down the page"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unusable_branding_is_refused_naming_the_field(client, db, login_as, org_with_people,
                                                       case):
    org, _, _ = org_with_people
    login_as("consultant")
    sent, message = REFUSED[case]
    files = {name: value for name, value in sent.items() if name in ("logo", "template")}
    fields = {name: value for name, value in sent.items() if name not in files}
    # a good logo sent alongside is not stored either: nothing is saved
    if "logo" not in files:
        files["logo"] = (png(), "good.png")
    response = _post_brand(client, f"/orgs/{org.id}/brand", **files, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page, page
    assert "/tmp" not in page
    assert _brand(db, org.id) is None


def test_a_jpeg_logo_is_taken(client, db, login_as, org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    assert _post_brand(client, f"/orgs/{org.id}/brand",
                       logo=(jpeg(), "photo.png")).status_code == 302
    assert _brand(db, org.id).logo_type == "jpeg"


def test_branding_needs_the_csrf_token(client, db, login_as, org_with_people, app):
    org, _, _ = org_with_people
    login_as("consultant")
    app.config["WTF_CSRF_ENABLED"] = True
    response = _post_brand(client, f"/orgs/{org.id}/brand", logo=(png(), "l.png"),
                           primary_colour=PRIMARY)
    assert response.status_code == 400
    assert _brand(db, org.id) is None


def test_only_the_organisations_consultants_change_its_branding(client, db, login_as,
                                                                org_with_people):
    org, other, _ = org_with_people
    login_as("outsider")  # consultant of another organisation
    assert _post_brand(client, f"/orgs/{org.id}/brand", primary_colour=PRIMARY).status_code \
        == 404
    assert client.get("/admin/brand").status_code == 404
    client.post("/logout")
    login_as("assessor")
    assert _post_brand(client, f"/orgs/{org.id}/brand", primary_colour=PRIMARY).status_code \
        == 403
    assert _brand(db, org.id) is None and _brand(db, None) is None


def test_the_firm_brand_serves_organisations_without_their_own(client, db, login_as,
                                                               assessment, org_with_people):
    org, other, _ = org_with_people
    login_as("admin")
    response = _post_brand(client, "/admin/brand", logo=(png(colour=(0, 0, 120)), "firm.png"),
                           primary_colour=ACCENT, template=(template_docx("Firm letterhead"),
                                                            "firm.docx"))
    assert response.status_code == 302
    assert _brand(db, None).primary_colour == ACCENT
    assert audit.history(db, "brand", "firm")[0].organisation_id is None
    document = _report(client, assessment.id)
    assert len(_logo_shapes(document)) == 1
    assert str(document.styles["Title"].font.color.rgb) == ACCENT[1:]
    assert "Firm letterhead" in _header_text(document)
    assert "firm's branding" in client.get(f"/orgs/{org.id}/brand").get_data(as_text=True)

    # the organisation's own branding, once it has any, replaces the firm's entirely
    assert _post_brand(client, f"/orgs/{org.id}/brand",
                       primary_colour=PRIMARY).status_code == 302
    document = _report(client, assessment.id)
    assert str(document.styles["Title"].font.color.rgb) == PRIMARY[1:]
    assert not _logo_shapes(document) and "Firm letterhead" not in _header_text(document)


# --------------------------------------------------------------- command line
def test_cli_report_uses_the_stored_assessor_and_branding_and_its_options_override(
        app, db, tmp_path, assessment, org_with_people):
    from gapassess.db.brands import save_brand

    org, _, _ = org_with_people
    assessment.assessor_name, assessment.assessor_firm = "Stored Person", "Stored Firm"
    save_brand(db, org.id, {"logo": png(), "logo_type": "png", "primary_colour": PRIMARY,
                            "template": template_docx(), "template_name": "t.docx"}, user=None)
    db.commit()
    out = tmp_path / "stored.docx"
    done = app.test_cli_runner().invoke(main, ["report", str(assessment.id), "-o", str(out)])
    assert done.exit_code == 0, done.output
    document = docx.Document(out)
    cover = _cover_text(document)
    assert "Assessor: Stored Person" in cover and "Firm: Stored Firm" in cover
    assert len(_logo_shapes(document)) == 1 and HEADER_MARK in _header_text(document)
    assert str(document.styles["Title"].font.color.rgb) == PRIMARY[1:]

    own = tmp_path / "own.docx"
    own.write_bytes(template_docx("Command line letterhead"))
    done = app.test_cli_runner().invoke(main, [
        "report", str(assessment.id), "-o", str(out), "--template", str(own),
        "--assessor", "Other Person", "--firm", "Other Firm"])
    assert done.exit_code == 0, done.output
    document = docx.Document(out)
    cover = _cover_text(document)
    assert "Assessor: Other Person" in cover and "Firm: Other Firm" in cover
    header = _header_text(document)
    assert "Command line letterhead" in header and HEADER_MARK not in header
    assert len(_logo_shapes(document)) == 1  # the stored logo stays


def test_logo_picture_has_alt_text_and_fits_the_cover(client, db, login_as, assessment,
                                                      org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    _post_brand(client, f"/orgs/{org.id}/brand", logo=(png(2000, 100), "wide.png"))
    shape = _logo_shapes(_report(client, assessment.id))[0]
    assert shape.width.cm <= 7.01 and shape.height.cm <= 3.01
    assert shape.width.cm == pytest.approx(7.0, abs=0.01)
    assert shape._inline.find(qn("wp:docPr")).get("descr") == "Logo"


def test_stored_brand_rows_are_one_per_organisation(db, org_with_people):
    from gapassess.db.brands import save_brand

    org, _, _ = org_with_people
    assert save_brand(db, org.id, {"primary_colour": PRIMARY}, user=None)
    assert not save_brand(db, org.id, {"primary_colour": PRIMARY}, user=None)
    assert save_brand(db, None, {"accent_colour": ACCENT}, user=None)
    db.commit()
    assert db.query(Brand).count() == 2


def _no_room_template() -> bytes:
    """The letterhead template with a left margin wider than the page."""
    document = docx.Document(io.BytesIO(template_docx()))
    document.sections[0].left_margin = Cm(35)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _store_template(db, org, data: bytes) -> None:
    """A template stored as it was when uploaded, whatever the upload check says now."""
    brands.save_brand(db, org.id, {"template": data, "template_name": "old.docx"}, user=None)
    db.commit()


def _falls_back_to_the_shipped_template(client, assessment, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="gapassess.web.results.files"):
        document = _report(client, assessment.id)  # 200, not a server error
    assert HEADER_MARK not in _header_text(document)
    shipped = docx.Document(str(reference_template())).sections[0]
    assert document.sections[0].left_margin == shipped.left_margin
    assert "shipped one is used" in caplog.text


def test_a_stored_template_the_check_now_refuses_falls_back_to_the_shipped_one(
        client, db, login_as, assessment, org_with_people, caplog):
    org, _, _ = org_with_people
    _store_template(db, org, _no_room_template())
    login_as("consultant")
    _falls_back_to_the_shipped_template(client, assessment, caplog)


def test_a_stored_template_that_fails_while_building_falls_back_to_the_shipped_one(
        client, db, login_as, assessment, org_with_people, caplog, monkeypatch):
    """Any failure building with a stored template (here: a page with no room that a
    check let through) gives the report on the shipped template, not a server error."""
    org, _, _ = org_with_people
    _store_template(db, org, _no_room_template())
    monkeypatch.setattr(template_module, "_check_page", lambda section, name: None)
    login_as("consultant")
    _falls_back_to_the_shipped_template(client, assessment, caplog)
    # and the organisation's brand is still used otherwise: the template stays stored
    assert _brand(db, org.id).template is not None
