from flask import Blueprint

bp = Blueprint("results", __name__)

from gapassess.web.results import files, views  # noqa: E402,F401
