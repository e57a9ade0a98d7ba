"""`gapassess questionnaire validate|show`: check question banks and see what they hold."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from gapassess.domain.change_kinds import CHANGE_KINDS
from gapassess.domain.questionnaire import Questionnaire, ValidationIssue
from gapassess.domain.questionnaire.registry import catalog, latest_versions, validate_report


def _report(issues: list[ValidationIssue]) -> None:
    for issue in issues:
        click.echo(str(issue), err=True)
    count = len(issues)
    files = len({issue.file for issue in issues})
    click.echo(
        f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}",
        err=True,
    )


@click.group("questionnaire")
def questionnaire_group() -> None:
    """Validate and inspect question banks and clause mappings."""


@questionnaire_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Validate question banks and mapping files (files or folders).

    With no PATH, validates the shipped questionnaires and mappings and every folder in
    GAPASSESS_QUESTIONNAIRES_PATH. Exits with status 1 when any problem is found.
    """
    report = validate_report(list(paths))
    for bank in report.banks:
        click.echo(f"valid: question bank {bank.id} {bank.version} ({len(bank.items)} items)")
        click.echo(f"       {bank.source}")
    for mapping in report.mappings:
        entries = len(mapping.entries)
        click.echo(f"valid: mapping {mapping.id} {mapping.header.version} ({entries} entries)")
    if report.issues:
        _report(report.issues)
        raise SystemExit(1)
    click.echo("OK: no problems found")


def _summary_row(bank: Questionnaire) -> dict:
    return {
        "id": bank.id,
        "version": bank.version,
        "title": bank.title,
        "items": len(bank.items),
        "source": bank.source,
    }


def _print_summary(bank: Questionnaire) -> None:
    items = bank.items
    advisory = sum(item.advisory for item in items)
    optional = sum(item.not_applicable_allowed for item in items)
    click.echo(f"{bank.id} {bank.version}: {bank.title}")
    click.echo(f"source: {bank.source or '-'}")
    click.echo(f"{len(items)} items ({advisory} advisory, {optional} may be not applicable)")
    click.echo("\nItems per clause")
    for top, group in bank.items_by_clause().items():
        click.echo(f"  {top:<8} {bank.clause_title(top):<66} {len(group):>3}")
        per_sub = Counter(item.subclause for item in group)
        for sub in sorted(per_sub, key=bank.clause_key):
            click.echo(f"    {sub:<6} {bank.clause_title(sub):<66} {per_sub[sub]:>3}")
    click.echo("\nBy change kind")
    changes: Counter[str] = Counter(item.change for item in items)
    for kind in CHANGE_KINDS:
        click.echo(f"  {kind:<12} {changes[kind]:>3}")
    click.echo("\nBy tag")
    tags = Counter(tag for item in items for tag in item.tags)
    for tag, count in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {tag:<24} {count:>3}")


@questionnaire_group.command("show")
@click.argument("qid", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the normalised questionnaire.")
def show_command(qid: str | None, as_json: bool) -> None:
    """Summarise question bank QID (items per clause, change kinds, tags).

    QID is a bank id (its newest version) or ID@VERSION. With no QID and several banks,
    lists them. --json prints the whole normalised bank
    ({"id", "version", "title", "description", "scales", "structure", "items"}); with no
    QID and several banks, a JSON list of {"id", "version", "title", "items", "source"}.
    """
    found = catalog()
    banks = found.banks
    for issue in found.issues:
        click.echo(f"warning: {issue}", err=True)
    if qid is None and len(banks) != 1:
        if not banks:
            raise click.ClickException("no valid question bank found")
        if as_json:
            click.echo(json.dumps([_summary_row(b) for b in banks], indent=2))
            return
        for bank in banks:
            click.echo(f"{bank.id:<20} {bank.version:<8} {len(bank.items):>4} items  {bank.title}")
            click.echo(f"{'':<20} {bank.source}")
        return
    name, _, version = (qid or banks[0].id).partition("@")
    chosen = [b for b in banks if b.id == name and version in ("", b.version)]
    if not chosen:
        available = ", ".join(f"{b.id}@{b.version}" for b in banks) or "none"
        raise click.ClickException(f"unknown questionnaire '{qid}' (available: {available})")
    bank = latest_versions(chosen)[0]
    if as_json:
        click.echo(json.dumps(bank.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_summary(bank)


def register(group: click.Group) -> None:
    """Add `questionnaire validate` and `questionnaire show` to the `gapassess` group."""
    group.add_command(questionnaire_group)
