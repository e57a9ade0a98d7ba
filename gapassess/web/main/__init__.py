from flask import Blueprint

bp = Blueprint("main", __name__)

from gapassess.web.main import errors, views  # noqa: E402,F401
