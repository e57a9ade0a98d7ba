"""Services the blueprints share: loading a bank, the organisation's scoring model, scoring
an assessment, the spread of workshop votes, and the pages shown when a bank or a model
cannot be used.

Blueprints import from here, never from one another (tests/test_web_blueprints.py).
"""

from __future__ import annotations

from flask import Flask, render_template

from gapassess.domain.dates import DateRangeError
from gapassess.domain.scoring_model import ScoringModelError
from gapassess.web.services.banks import BankUnavailable


def bank_unavailable(exc: BankUnavailable):
    return render_template("assess/unavailable.html", message=str(exc)), 503


def model_unavailable(exc: ScoringModelError):
    """Every problem of the model file, each naming the file, line and field."""
    return render_template("model_unavailable.html", problems=exc.problems), 503


def date_out_of_range(exc: DateRangeError):
    """A date given (or stored before the rule) outside the range: the page says which."""
    return render_template("date_out_of_range.html", message=exc.message), 400


def init_app(app: Flask) -> None:
    app.register_error_handler(DateRangeError, date_out_of_range)
    app.register_error_handler(BankUnavailable, bank_unavailable)
    app.register_error_handler(ScoringModelError, model_unavailable)
