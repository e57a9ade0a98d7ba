"""The ``gapassess`` command: a Flask CLI group whose areas register their own commands.

Commands that only read data files (questionnaire, score, template, offline report) run
without building the web app; commands that touch the database ask for the app context
explicitly with ``flask.cli.with_appcontext``.
"""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from gapassess.cli import (
    assessment_cmd,
    db_cmd,
    dossier_cmd,
    import_cmd,
    questionnaire_cmd,
    report_cmd,
    score_cmd,
)
from gapassess.i18n import lazy_gettext


def _create_app():
    from gapassess.web import create_app
    from gapassess.web.config import ConfigError

    try:
        return create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


class GapassessGroup(FlaskGroup):
    """FlaskGroup that lists only its own commands and builds the app only when asked."""

    def command(self, *args, **kwargs):
        kwargs.setdefault("with_appcontext", False)
        return super().command(*args, **kwargs)

    def group(self, *args, **kwargs):
        kwargs.setdefault("cls", click.Group)
        return click.Group.group(self, *args, **kwargs)

    def get_command(self, ctx, name):
        return click.Group.get_command(self, ctx, name)

    def list_commands(self, ctx):
        return click.Group.list_commands(self, ctx)


@click.group(
    cls=GapassessGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
    help=lazy_gettext("ISO 9001:2026 transition gap assessment.\n\n"
                      "Run `gapassess COMMAND --help` for the options of each command."),
)
@click.version_option(package_name="gapassess")
def main() -> None:
    pass


for _area in (db_cmd, assessment_cmd, questionnaire_cmd, score_cmd, report_cmd, import_cmd,
              dossier_cmd):
    _area.register(main)
