"""What the file-based commands share: reading a questionnaire, a scoring model and an
answers file named on the command line, and failing with exit status 2 and messages that
name the input when one cannot be used (never a traceback)."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

import click

EXIT_BAD_INPUT = 2
DATE = click.DateTime(formats=["%Y-%m-%d"])


def fail(lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    raise SystemExit(EXIT_BAD_INPUT)


def day(value: datetime | None) -> date | None:
    return value.date() if value else None


def questionnaire_option(qid: str | None):
    """The bank named by id (default iso9001-2026; ``ID@VERSION`` for a version other than
    the newest) or by the path of a bank file or folder."""
    from gapassess.domain.questionnaire import (
        QuestionnaireError,
        get_questionnaire,
        load_questionnaire,
    )

    try:
        if qid and Path(qid).exists():
            return load_questionnaire(Path(qid))
        name, _, version = (qid or "").partition("@")
        return get_questionnaire(name or None, version or None)
    except QuestionnaireError as exc:
        fail([str(issue) for issue in exc.issues] + ["error: the questionnaire cannot be loaded"])
    except KeyError as exc:
        fail([f"error: {exc.args[0]}"])


def model_option(path: Path | None, organisation_model: str = ""):
    """The scoring model at ``path``; without one, the organisation's model file (by name,
    from the installation's model folders) or the installation's (GAPASSESS_SCORING_MODEL,
    else the shipped default). A model that cannot be used stops the command."""
    from gapassess.domain.scoring_model import ScoringModelError, load_scoring_model
    from gapassess.domain.scoring_model_files import ModelSettings

    try:
        if path:
            return load_scoring_model(path)
        return ModelSettings.from_environment().load(organisation_model or None)
    except ScoringModelError as exc:
        fail([*exc.problems, "error: the scoring model cannot be used"])


def answers_file(path: Path, questionnaire, consequence: str):
    """Every answer in ``path``, or every problem with its row number and ``consequence``."""
    from gapassess.domain.answers_file import AnswersError, read_answers

    try:
        return read_answers(path, questionnaire)
    except AnswersError as exc:
        count = len(exc.problems)
        plural = "s" if count != 1 else ""
        fail([*exc.problems, f"{count} problem{plural} in {path}: {consequence}"])


def reports_dir() -> Path:
    """Where reports land when no output file is named."""
    return Path(os.environ.get("GAPASSESS_REPORTS_DIR") or Path.cwd() / "reports")
