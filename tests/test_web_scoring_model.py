"""The scoring model reaches every page: the installation's (setting SCORING_MODEL), or the
organisation's own file; a broken one is a page naming file, line and field, never the
default in disguise."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from gapassess.db import workshop_votes
from gapassess.db.models import Organisation
from gapassess.domain.scoring_model import default_model_path
from tests.test_web_orgs_access import ORG_FORM
from tests.workshop_support import ITEMS, join, open_workshop, sid


def _model(folder: Path, name: str, threshold: int = 2, **changes) -> Path:
    data = yaml.safe_load(default_model_path().read_text(encoding="utf-8"))
    data["workshop"]["disagreement_threshold"] = threshold
    data.update(changes)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _broken(folder: Path, name: str = "broken.yaml") -> Path:
    """A model whose threshold is out of range, on a known line."""
    path = _model(folder, name)
    text = path.read_text(encoding="utf-8").replace(
        "disagreement_threshold: 2", "disagreement_threshold: 9")
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def _room(db, org, consultant, levels):
    """A workshop with two votes on the first item, compliance ``levels``."""
    workshop = open_workshop(db, org, consultant)
    for name, level in zip(("Ana", "Ben"), levels, strict=True):
        participant, _ = join(db, workshop, name)
        workshop_votes.record_vote(db, workshop, participant, ITEMS[0], compliance=level,
                                   outcome=1, submission_id=sid())
    db.commit()
    return workshop


def _drill_down(client, workshop) -> str:
    page = client.get(f"/assessments/{workshop.assessment_id}/results/clauses/4")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _console_state(client, workshop) -> dict:
    url = f"/assessments/{workshop.assessment_id}/workshops/{workshop.id}/state"
    response = client.get(url)
    assert response.status_code == 200
    return response.get_json()


def test_installation_model_threshold_reaches_results_and_workshop(
    app, client, db, login_as, org_with_people, tmp_path
):
    org, _, people = org_with_people
    workshop = _room(db, org, people["consultant"], (0, 3))  # a range of 3 levels
    login_as("consultant")
    # The shipped model (threshold 2): a discussion point on both pages.
    assert "Discussion point" in _drill_down(client, workshop)
    assert _console_state(client, workshop)["spreads"][ITEMS[0]]["disagreement"] is True
    # The installation's own model says 4 levels: no longer a discussion point anywhere.
    app.config["SCORING_MODEL"] = str(_model(tmp_path / "site", "site.yaml", threshold=4))
    assert "Discussion point" not in _drill_down(client, workshop)
    state = _console_state(client, workshop)
    assert state["spreads"][ITEMS[0]]["disagreement"] is False
    assert state["spreads"][ITEMS[0]]["threshold"] == 4
    console = client.get(f"/assessments/{workshop.assessment_id}/workshops/{workshop.id}")
    assert console.status_code == 200


def test_organisation_model_reaches_results_and_workshop(
    app, client, db, login_as, org_with_people, tmp_path
):
    org, _, people = org_with_people
    workshop = _room(db, org, people["consultant"], (2, 3))  # a range of 1 level
    folder = tmp_path / "models"
    _model(folder, "strict.yaml", threshold=1, title="Strict model")
    app.config["SCORING_MODELS_PATH"] = str(folder)
    login_as("consultant")
    assert "Discussion point" not in _drill_down(client, workshop)
    org.scoring_model = "strict.yaml"
    db.commit()
    assert "Discussion point" in _drill_down(client, workshop)
    assert _console_state(client, workshop)["spreads"][ITEMS[0]]["disagreement"] is True
    overview = client.get(f"/assessments/{workshop.assessment_id}/results")
    assert overview.status_code == 200


def test_broken_installation_model_is_an_error_page_naming_file_line_and_field(
    app, client, db, login_as, org_with_people, tmp_path
):
    org, _, people = org_with_people
    workshop = _room(db, org, people["consultant"], (0, 3))
    path = _broken(tmp_path / "site")
    app.config["SCORING_MODEL"] = str(path)
    login_as("consultant")
    line = _line_of(path, "disagreement_threshold: 9")
    base = f"/assessments/{workshop.assessment_id}"
    for url in (f"{base}/results", f"{base}/results/clauses/4", f"{base}/roadmap",
                f"{base}/report.docx", f"{base}/workshops/{workshop.id}",
                f"{base}/workshops/{workshop.id}/state"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 503, url
        assert "The scoring model cannot be used" in page, url
        assert f"{path}:{line}: field &#39;workshop.disagreement_threshold&#39;" in page, url


def test_missing_organisation_model_is_an_error_not_the_default(
    app, client, db, login_as, org_with_people, tmp_path
):
    org, _, people = org_with_people
    workshop = _room(db, org, people["consultant"], (0, 3))
    app.config["SCORING_MODELS_PATH"] = str(tmp_path / "models")
    org.scoring_model = "gone.yaml"
    db.commit()
    login_as("viewer")
    response = client.get(f"/assessments/{workshop.assessment_id}/results")
    assert response.status_code == 503
    assert "gone.yaml: no scoring model file of this name" in response.get_data(as_text=True)


def test_consultant_chooses_the_organisation_model(
    app, client, db, login_as, org_with_people, tmp_path
):
    org, _, _ = org_with_people
    folder = tmp_path / "models"
    _model(folder, "strict.yaml", threshold=1)
    app.config["SCORING_MODELS_PATH"] = str(folder)
    login_as("consultant")
    page = client.get(f"/orgs/{org.id}/edit").get_data(as_text=True)
    assert re.search(r'<option[^>]*value="strict.yaml"', page)
    assert re.search(r'<option[^>]*value="default.yaml"', page)  # the shipped folder
    saved = client.post(f"/orgs/{org.id}/edit", data=dict(ORG_FORM, scoring_model="strict.yaml"),
                        follow_redirects=True)
    assert "Organisation profile saved." in saved.get_data(as_text=True)
    assert "strict.yaml" in client.get(f"/orgs/{org.id}").get_data(as_text=True)
    db.expire_all()
    assert db.get(Organisation, org.id).scoring_model == "strict.yaml"


def test_a_broken_model_cannot_be_chosen(app, client, db, login_as, org_with_people, tmp_path):
    org, _, _ = org_with_people
    folder = tmp_path / "models"
    path = _broken(folder)
    app.config["SCORING_MODELS_PATH"] = str(folder)
    login_as("consultant")
    response = client.post(f"/orgs/{org.id}/edit",
                           data=dict(ORG_FORM, scoring_model="broken.yaml"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Organisation profile saved." not in page
    assert f"{path}:{_line_of(path, 'disagreement_threshold: 9')}" in page
    assert "workshop.disagreement_threshold" in page
    db.expire_all()
    assert db.get(Organisation, org.id).scoring_model == ""


def test_only_model_file_names_from_the_folders(app, client, login_as, org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    response = client.post(f"/orgs/{org.id}/edit",
                           data=dict(ORG_FORM, scoring_model="../secret.yaml"))
    assert response.status_code == 200
    assert "Organisation profile saved." not in response.get_data(as_text=True)
