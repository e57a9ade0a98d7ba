"""`gapassess score` and `gapassess template`: score an answers file, make the answers workbook."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from gapassess.domain.answers import AnswersError, read_answers
from gapassess.domain.scoring_model import (
    ScoringModel,
    ScoringModelError,
    default_scoring_model,
    load_scoring_model,
)

EXIT_BAD_INPUT = 2


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    raise SystemExit(EXIT_BAD_INPUT)


def _questionnaire(qid: str | None):
    from gapassess.domain.questionnaire import (
        QuestionnaireError,
        get_questionnaire,
        load_questionnaire,
    )

    try:
        if qid and Path(qid).exists():
            return load_questionnaire(Path(qid))
        return get_questionnaire(qid)
    except QuestionnaireError as exc:
        _fail([str(issue) for issue in exc.issues] + ["the questionnaire cannot be loaded"])
    except KeyError as exc:
        _fail([f"error: {exc.args[0]}"])


def _model(path: Path | None) -> ScoringModel:
    try:
        return load_scoring_model(path) if path else default_scoring_model()
    except ScoringModelError as exc:
        _fail([*exc.problems, "the scoring model cannot be used"])


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


@click.command("score")
@click.option("--answers", "answers_path", required=True, type=click.Path(path_type=Path),
              help="Answers file (.csv or .xlsx) with columns item_id, compliance, outcome, ...")
@click.option("--questionnaire", "qid", default=None, metavar="ID",
              help="Questionnaire id (default iso9001-2026) or path to a questionnaire.")
@click.option("--model", "model_path", type=click.Path(path_type=Path), default=None,
              help="Scoring model YAML file (default: the shipped scoring/default.yaml).")
@click.option("--target-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Target transition audit date, YYYY-MM-DD (default: six months before "
                   "the end of the transition period).")
@click.option("--capacity", type=click.FloatRange(min=0.1), default=None,
              metavar="PERSON_DAYS_PER_MONTH",
              help="Person-days a month available for the transition (default from the model).")
@click.option("--start-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Day the roadmap starts, YYYY-MM-DD (default today).")
@click.option("--organisation", default="", help="Organisation name shown in the output.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def score_command(answers_path: Path, qid: str | None, model_path: Path | None,
                  target_date: datetime | None, capacity: float | None,
                  start_date: datetime | None, organisation: str, as_json: bool) -> None:
    """Score an answers file and plan the transition roadmap.

    Exits with status 2, listing every problem with its row number, when the answers file,
    the questionnaire or the scoring model cannot be used.
    """
    from gapassess.domain.engine import OrgProfile, assess
    from gapassess.domain.engine.summary import summary_lines

    model = _model(model_path)
    questionnaire = _questionnaire(qid)
    try:
        answers = read_answers(answers_path, questionnaire)
    except AnswersError as exc:
        count = len(exc.problems)
        _fail([*exc.problems,
               f"{count} problem{'s' if count != 1 else ''} in {answers_path}: nothing scored"])
    profile = OrgProfile(name=organisation, target_date=_day(target_date), capacity=capacity,
                         start_date=_day(start_date))
    result = assess(questionnaire, answers, model=model, profile=profile)
    if as_json:
        click.echo(result.to_json())
    else:
        click.echo("\n".join(summary_lines(result, questionnaire.title)))


@click.command("template")
@click.option("--questionnaire", "qid", default=None, metavar="ID",
              help="Questionnaire id (default iso9001-2026) or path to a questionnaire.")
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path),
              help="Workbook to write (.xlsx).")
def template_command(qid: str | None, output: Path) -> None:
    """Write the answers workbook (one row per item, drop-downs, instructions) to fill offline.

    Score it afterwards with `gapassess score --answers FILE`.
    """
    from gapassess.domain.workbook import write_template

    if output.suffix.lower() != ".xlsx":
        _fail([f"error: {output}: the workbook must have the .xlsx extension"])
    if not output.parent.is_dir():
        _fail([f"error: {output.parent}: folder does not exist"])
    questionnaire = _questionnaire(qid)
    try:
        write_template(questionnaire, output)
    except OSError as exc:
        _fail([f"error: {output}: cannot be written ({exc.strerror or exc})"])
    click.echo(f"Wrote the answers workbook for '{questionnaire.id}' "
               f"({len(questionnaire.items)} items) to {output}")


def register(group: click.Group) -> None:
    """Add `score` and `template` to the `gapassess` group."""
    group.add_command(score_command)
    group.add_command(template_command)
