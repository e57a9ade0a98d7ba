"""Downloads (Word report, answers workbook) and uploading a filled-in workbook."""

from __future__ import annotations

import io
import re

import docx
import openpyxl
import pytest

from gapassess.db import audit
from gapassess.db.models import Response
from tests import factories, results_data


@pytest.fixture
def assessment(db, org_with_people):
    org, _, _ = org_with_people
    a = results_data.answered_assessment(db, org, count=20)
    db.commit()
    return a


def _stored(db, assessment) -> dict[str, tuple]:
    db.expire_all()
    rows = db.query(Response).filter_by(assessment_id=assessment.id)
    return {r.item_id: (r.compliance, r.outcome, r.notes, r.version) for r in rows}


def _upload(client, assessment_id, data: bytes, name: str):
    return client.post(
        f"/assessments/{assessment_id}/workbook/upload",
        data={"workbook": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_viewer_downloads_a_word_report_that_opens(client, login_as, assessment):
    login_as("viewer")
    response = client.get(f"/assessments/{assessment.id}/report.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    disposition = response.headers["Content-Disposition"]
    assert "attachment" in disposition and ".docx" in disposition
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Acme Widgets" in text
    assert len(document.inline_shapes) >= 3  # the charts


def test_workbook_download_is_prefilled_with_current_answers(client, db, login_as, assessment):
    login_as("viewer")
    response = client.get(f"/assessments/{assessment.id}/workbook.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["Answers"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) for name in ("item_id", "compliance", "outcome")}
    filled = {
        row[col["item_id"]]: (row[col["compliance"]], row[col["outcome"]])
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[col["item_id"]]
    }
    assert len(filled) == len(results_data.item_ids())
    stored = _stored(db, assessment)
    for item_id, (compliance, outcome, _, _) in stored.items():
        assert tuple(int(v) for v in filled[item_id]) == (compliance, outcome)


def test_round_trip_downloaded_workbook_changes_only_edited_answers(client, db, login_as,
                                                                   assessment):
    user = login_as("assessor")
    data = client.get(f"/assessments/{assessment.id}/workbook.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Answers"]
    header = [c.value for c in sheet[1]]
    ids = results_data.item_ids()
    edited = {ids[0]: 4, ids[1]: 4, ids[30]: 2}  # two changed answers, one new answer
    for row in sheet.iter_rows(min_row=2):
        item_id = row[header.index("item_id")].value
        if item_id in edited:
            row[header.index("compliance")].value = edited[item_id]
            row[header.index("outcome")].value = edited[item_id]
            row[header.index("notes")].value = "from the workshop <b>"
    buffer = io.BytesIO()
    book.save(buffer)
    before = _stored(db, assessment)
    response = _upload(client, assessment.id, buffer.getvalue(), "filled in.xlsx")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Workbook uploaded: 3 answers changed, 18 already up to date" in page
    after = _stored(db, assessment)
    for item_id, level in edited.items():
        assert after[item_id][:3] == (level, level, "from the workshop <b>")
    unchanged = set(before) - set(edited)
    assert all(after[i] == before[i] for i in unchanged)
    events = audit.history(db, "response", f"{assessment.id}:{ids[0]}")
    assert events[0].user_id == user.id
    assert "workbook upload" in events[0].actor


def test_upload_with_problems_saves_nothing_and_lists_every_row(client, db, login_as,
                                                                assessment):
    login_as("assessor")
    ids = results_data.item_ids()
    text = "\n".join([
        "item_id,compliance,outcome",
        f"{ids[0]},4,4",             # row 2: fine, but must not be saved
        "no-such-item,1,1",          # row 3
        f"{ids[1]},7,1",             # row 4
        f"{ids[2]},2,high",          # row 5
        f"{ids[0]},3,3",             # row 6: answered twice
    ])
    before = _stored(db, assessment)
    response = _upload(client, assessment.id, text.encode(), "answers.csv")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    problems = re.findall(r"<li>(answers\.csv: row \d+[^<]*)</li>", page)
    assert [re.search(r"row (\d+)", p).group(1) for p in problems] == ["3", "4", "5", "6"]
    assert "Nothing was saved" in page
    assert _stored(db, assessment) == before


def test_upload_of_an_unreadable_file_explains_and_saves_nothing(client, db, login_as,
                                                                 assessment):
    login_as("assessor")
    before = _stored(db, assessment)
    response = _upload(client, assessment.id, b"not a spreadsheet", "answers.xlsx")
    assert response.status_code == 400
    assert "cannot be read" in response.get_data(as_text=True)
    response = _upload(client, assessment.id, b"item_id\n", "notes.txt")
    assert response.status_code == 400
    assert "Upload the workbook as .xlsx" in response.get_data(as_text=True)
    assert _stored(db, assessment) == before


def test_upload_into_a_final_assessment_is_refused(client, db, login_as, assessment):
    assessment.status = "final"
    db.commit()
    login_as("consultant")
    ids = results_data.item_ids()
    before = _stored(db, assessment)
    response = _upload(client, assessment.id, f"item_id,compliance,outcome\n{ids[0]},4,4".encode(),
                       "answers.csv")
    assert response.status_code == 409
    assert "read-only" in response.get_data(as_text=True)
    assert _stored(db, assessment) == before


def test_upload_without_csrf_token_is_refused(client, db, login_as, assessment, app):
    login_as("assessor")
    app.config["WTF_CSRF_ENABLED"] = True
    ids = results_data.item_ids()
    before = _stored(db, assessment)
    response = _upload(client, assessment.id, f"item_id,compliance,outcome\n{ids[0]},4,4".encode(),
                       "answers.csv")
    assert response.status_code == 400
    assert _stored(db, assessment) == before


def test_blank_rows_keep_stored_answers(client, db, login_as, org_with_people):
    org, _, _ = org_with_people
    a = factories.gen_assessment(db, org)
    ids = results_data.item_ids()
    factories.gen_response(db, a, ids[0], compliance=3, outcome=2)
    db.commit()
    login_as("assessor")
    text = f"item_id,compliance,outcome,notes\n{ids[0]},,,\n{ids[1]},1,2,new"
    response = _upload(client, a.id, text.encode(), "answers.csv")
    assert response.status_code == 302
    stored = _stored(db, a)
    assert stored[ids[0]][:2] == (3, 2)
    assert stored[ids[1]][:3] == (1, 2, "new")


def test_upload_of_a_zip_bomb_gives_a_short_page_and_saves_nothing(client, db, login_as,
                                                                   assessment, tmp_path):
    from gapassess.domain.answers_file import MAX_PART_BYTES
    from tests.test_answers_upload_limits import (
        STRINGS,
        _referencing_string_0,
        _strings,
        _xlsx,
    )

    login_as("assessor")
    before = _stored(db, assessment)
    # The first item id is one shared string over the part limit: it packs to a few KB.
    data = _xlsx(tmp_path, _referencing_string_0(),
                 {STRINGS: _strings("A" * (MAX_PART_BYTES + 1))}).read_bytes()
    assert len(data) < 100_000
    response = _upload(client, assessment.id, data, "answers.xlsx")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert len(page) < 100_000
    assert "the workbook part &#39;xl/sharedStrings.xml&#39; unpacks to more than" in page
    assert "Nothing was saved: 1 problem to fix" in page
    assert _stored(db, assessment) == before


def test_upload_of_a_row_bomb_lists_fifty_problems_then_how_many_more(client, db, login_as,
                                                                      assessment):
    login_as("assessor")
    before = _stored(db, assessment)
    many = "item_id,compliance,outcome\n" + "".join(f"unknown-{n},9,9\n" for n in range(1000))
    response = _upload(client, assessment.id, many.encode(), "answers.csv")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert len(re.findall(r"<li>answers\.csv: row \d+", page)) == 50
    assert "<li>and 2950 more problems</li>" in page
    assert "Nothing was saved: 3000 problems to fix" in page
    assert "the file has 3000 problems to fix first" in page
    bomb = "item_id,compliance,outcome\n" + "no-such-item,9,9\n" * 200_000
    response = _upload(client, assessment.id, bomb.encode(), "answers.csv")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert len(page) < 100_000
    assert "the file has more than 5000 rows of answers" in page
    assert _stored(db, assessment) == before


def test_report_download_shows_progress_since_the_baseline(client, db, login_as,
                                                           org_with_people):
    org, _, _ = org_with_people
    baseline = factories.gen_assessment(db, org, title="Last year")
    for item_id in results_data.item_ids():
        factories.gen_response(db, baseline, item_id, compliance=1, outcome=1)
    current = results_data.answered_assessment(db, org, baseline_id=baseline.id)
    db.commit()
    login_as("viewer")
    response = client.get(f"/assessments/{current.id}/report.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    before = results_data.score(db, baseline).overall
    now = results_data.score(db, current).overall
    delta = round(now.transition_readiness - before.transition_readiness)
    assert delta > 0
    assert "Progress since the baseline" in text
    assert (f"Since the baseline (Last year), transition readiness is up {delta} points"
            in text)
