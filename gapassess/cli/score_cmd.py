"""`gapassess score` and `gapassess template`: score an answers file, make the answers workbook."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from gapassess.cli.inputs import (
    DATE,
    answers_file,
    day,
    fail,
    model_option,
    questionnaire_option,
)


@click.command("score")
@click.option("--answers", "answers_path", required=True, type=click.Path(path_type=Path),
              help="Answers file (.csv or .xlsx) with columns item_id, compliance, outcome, ...")
@click.option("--questionnaire", "qid", default=None, metavar="ID",
              help="Questionnaire id (default iso9001-2026) or path to a questionnaire.")
@click.option("--model", "model_path", type=click.Path(path_type=Path), default=None,
              help="Scoring model YAML file (default: GAPASSESS_SCORING_MODEL, else the "
                   "shipped scoring/default.yaml).")
@click.option("--target-date", type=DATE, default=None,
              help="Target transition audit date, YYYY-MM-DD (default: six months before "
                   "the end of the transition period).")
@click.option("--capacity", type=click.FloatRange(min=0.1), default=None,
              metavar="PERSON_DAYS_PER_MONTH",
              help="Person-days a month available for the transition (default from the model).")
@click.option("--start-date", type=DATE, default=None,
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
    from gapassess.domain.engine.terminal_summary import summary_lines

    model = model_option(model_path)
    questionnaire = questionnaire_option(qid)
    answers = answers_file(answers_path, questionnaire, "nothing scored")
    profile = OrgProfile(name=organisation, target_date=day(target_date), capacity=capacity,
                         start_date=day(start_date))
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
        fail([f"error: {output}: the workbook must have the .xlsx extension"])
    if not output.parent.is_dir():
        fail([f"error: {output.parent}: folder does not exist"])
    questionnaire = questionnaire_option(qid)
    try:
        write_template(questionnaire, output)
    except OSError as exc:
        fail([f"error: {output}: cannot be written ({exc.strerror or exc})"])
    click.echo(f"Wrote the answers workbook for '{questionnaire.id}' "
               f"({len(questionnaire.items)} items) to {output}")


def register(group: click.Group) -> None:
    """Add `score` and `template` to the `gapassess` group."""
    group.add_command(score_command)
    group.add_command(template_command)
