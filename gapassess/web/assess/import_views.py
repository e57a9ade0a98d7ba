"""Importing a 2015 gap spreadsheet into a new assessment, in four steps: upload, map the
columns, map the values, preview and accept.

The uploaded rows stay on the server between the steps (a JSON file in the instance folder
named by a random token kept in the signed session, with the organisation and the user it
belongs to); the pages never send the data back and forth. The file is deleted when the
import is accepted, replaced by a new upload, or older than a day. Nothing is saved in the
database before the preview is accepted; the rules are in gapassess.domain.import2015.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user

from gapassess.db import import2015 as store
from gapassess.domain.answers_file import AnswersError
from gapassess.domain.import2015 import (
    DEFAULT_VALUES,
    LEVEL_COLUMNS,
    SKIP,
    Cell,
    cells_from_json,
    cells_to_json,
    guess_columns,
    header_names,
    import_rows,
    parse_level_choice,
    read_sheet,
)
from gapassess.i18n import _, ngettext
from gapassess.web.access import org_access
from gapassess.web.assess import bp
from gapassess.web.assess.import_forms import AcceptForm, ColumnsForm, ImportUploadForm
from gapassess.web.database import get_session
from gapassess.web.page_form import PageForm
from gapassess.web.uploads import read_upload, shown_name

SESSION_KEY = "import2015"  # i18n: not shown
FOLDER = "import2015"  # i18n: not shown
#: Kept uploads older than this are deleted; at most MAX_KEPT are kept at once.
MAX_AGE_SECONDS = 24 * 3600
MAX_KEPT = 200
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
LEVEL_CHOICES = ("", "0", "1", "2", "3", "4", SKIP)


def _folder() -> Path:
    folder = Path(current_app.instance_path) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _tidy(folder: Path) -> None:
    """Delete kept uploads older than a day, and the oldest past MAX_KEPT."""
    now = time.time()
    files = []
    for path in folder.glob("*.json"):
        try:
            age = now - path.stat().st_mtime
        except OSError:
            continue
        if age > MAX_AGE_SECONDS:
            path.unlink(missing_ok=True)
        else:
            files.append((age, path))
    for _age, path in sorted(files)[MAX_KEPT - 1:]:
        path.unlink(missing_ok=True)


def _path(token: object) -> Path | None:
    if not isinstance(token, str) or not _TOKEN_RE.match(token):
        return None
    return _folder() / f"{token}.json"


def _load(org_id: int) -> dict[str, Any] | None:
    """The kept upload of this session for this organisation and user, or None."""
    path = _path(session.get(SESSION_KEY))
    if path is None or not path.is_file():
        return None
    try:
        if time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
            path.unlink(missing_ok=True)
            return None
        state = json.loads(path.read_text(encoding="utf-8"))
        state["rows"] = cells_from_json(state.get("rows"))
    except (OSError, ValueError):
        return None
    if state.get("org_id") != org_id or state.get("user_id") != current_user.id:
        return None
    return state


def _save(state: dict[str, Any]) -> None:
    path = _path(session.get(SESSION_KEY))
    if path is None:
        return
    data = {**state, "rows": cells_to_json(state["rows"])}
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out)
    os.replace(temporary, path)


def _forget() -> None:
    path = _path(session.pop(SESSION_KEY, None))
    if path is not None:
        path.unlink(missing_ok=True)


def _start_again(org_id: int):
    flash(_("Upload the spreadsheet first (an upload is kept for a day)."), "error")
    return redirect(url_for("assess.import_upload", org_id=org_id))


def _result(state: dict[str, Any]):
    columns = state.get("columns") or {}
    values = {key: parse_level_choice(level) for key, level in
              (state.get("values") or {}).items()}
    return import_rows(state["rows"], name=state["name"], columns=columns,
                       bank=store.target_bank(), mapping=store.clause_mapping(), values=values)


def _found_values(result) -> list[tuple[str, str, tuple[int, ...]]]:
    """(key, value as written, rows) of every distinct value of the level columns."""
    seen: dict[str, tuple[str, str, tuple[int, ...]]] = {}
    for column in LEVEL_COLUMNS:
        for found in result.values.get(column, ()):
            if found.key in seen:
                key, text, rows = seen[found.key]
                seen[found.key] = (key, text, tuple(sorted({*rows, *found.rows})))
            else:
                seen[found.key] = (found.key, found.value, found.rows)
    return list(seen.values())


def _chosen_levels(state: dict[str, Any], found) -> dict[str, str]:
    chosen = state.get("values") or {}
    levels = {}
    for key, _text, _rows in found:
        if key in chosen:
            levels[key] = chosen[key]
        elif key in DEFAULT_VALUES:
            levels[key] = str(DEFAULT_VALUES[key])
        else:
            levels[key] = ""
    return levels


def _columns_form(state: dict[str, Any], formdata=None) -> ColumnsForm:
    header = header_names(state["rows"][0]) if state["rows"] else ()
    chosen = state.get("columns") or guess_columns(header)
    data = {name: str(index) for name, index in chosen.items() if index is not None}
    form = ColumnsForm(formdata=formdata, data=data)
    form.fill_choices(header)
    return form


@bp.route("/orgs/<int:org_id>/assessments/import-2015", methods=["GET", "POST"])
@org_access("assessor")
def import_upload(org_id: int):
    form = ImportUploadForm()
    problems: list[str] = []
    problem_count = 0
    if form.validate_on_submit():
        upload = form.sheet_file.data
        shown = shown_name(upload, "gap-sheet" + Path(upload.filename or "").suffix.lower())
        sheet = (form.sheet.data or "").strip() or None
        rows: list[list[Cell]] = []
        try:
            rows = read_upload(upload, "gap-sheet",
                               lambda path, name: read_sheet(path, name, sheet))[0]
        except AnswersError as exc:
            problems, problem_count = exc.problems, exc.count
        if not problems and not rows:
            problems, problem_count = [_("%(file)s: the sheet is empty", file=shown)], 1
        if not problems:
            _forget()
            folder_path = _folder()
            _tidy(folder_path)
            session[SESSION_KEY] = secrets.token_urlsafe(24)
            _save({"org_id": org_id, "user_id": current_user.id, "name": shown,
                   "rows": rows, "columns": None, "values": {}})
            return redirect(url_for("assess.import_columns", org_id=org_id))
        flash(ngettext("Nothing was kept: the file has %(num)d problem to fix first.",
                       "Nothing was kept: the file has %(num)d problems to fix first.",
                       problem_count), "error")
    status = 400 if form.is_submitted() else 200
    return render_template("assess/import_upload.html", form=form, org=g.org,
                           problems=problems, problem_count=problem_count, step=1), status


@bp.route("/orgs/<int:org_id>/assessments/import-2015/columns", methods=["GET", "POST"])
@org_access("assessor")
def import_columns(org_id: int):
    state = _load(org_id)
    if state is None:
        return _start_again(org_id)
    form = _columns_form(state, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        chosen = form.chosen()
        state["columns"] = {name: index for name, index in chosen.items()
                            if index is not None}
        _save(state)
        return redirect(url_for("assess.import_values", org_id=org_id))
    return render_template("assess/import_columns.html", form=form, org=g.org, state=state,
                           sample=state["rows"][1:6], step=2), (
                               400 if request.method == "POST" else 200)


@bp.route("/orgs/<int:org_id>/assessments/import-2015/values", methods=["GET", "POST"])
@org_access("assessor")
def import_values(org_id: int):
    state = _load(org_id)
    if state is None:
        return _start_again(org_id)
    if not state.get("columns"):
        return redirect(url_for("assess.import_columns", org_id=org_id))
    form = PageForm()
    result = _result(state)
    found = _found_values(result)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        levels = {}
        for number, (key, _text, _rows) in enumerate(found):
            level = request.form.get(f"value-{number}", "")
            if level not in LEVEL_CHOICES:
                errors[key] = _("Choose a level 0 to 4, or skip.")
            elif level:
                levels[key] = level
            else:
                errors[key] = _("Choose a level for this value, or skip.")
        if not errors:
            state["values"] = levels
            _save(state)
            return redirect(url_for("assess.import_preview", org_id=org_id))
    return render_template("assess/import_values.html", form=form, org=g.org,
                           found=found, levels=_chosen_levels(state, found), errors=errors,
                           step=3), 400 if errors else 200


@bp.route("/orgs/<int:org_id>/assessments/import-2015/preview", methods=["GET", "POST"])
@org_access("assessor")
def import_preview(org_id: int):
    state = _load(org_id)
    if state is None:
        return _start_again(org_id)
    if not state.get("columns"):
        return redirect(url_for("assess.import_columns", org_id=org_id))
    form = AcceptForm()
    result = _result(state)
    bank = store.target_bank()
    if request.method == "POST" and form.validate_on_submit() and result.ok:
        db = get_session()
        assessment = store.accept(db, organisation_id=org_id, title=form.title.data.strip(),
                                  result=result, bank=bank, user=current_user)
        db.commit()
        _forget()
        flash(ngettext(
            "Assessment “%(title)s” created from %(file)s: %(num)d answer to confirm.",
            "Assessment “%(title)s” created from %(file)s: %(num)d answers to confirm.",
            len(result.plan.carried), title=assessment.title, file=state["name"]), "success")
        return redirect(url_for("assess.overview", assessment_id=assessment.id))
    if request.method == "POST" and not result.ok:
        flash(_("Nothing was saved: fix the problems below first."), "error")
    found = _found_values(result)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "assess/import_preview.html", form=form, org=g.org, state=state, result=result,
        items={item.id: item for item in bank.items}, found=found,
        levels=_chosen_levels(state, found), errors={},
        values_form=PageForm(formdata=None), columns_form=_columns_form(state),
        step=4), status
