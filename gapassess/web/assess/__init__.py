from flask import Blueprint

bp = Blueprint("assess", __name__)

from gapassess.web.assess import answer_views, carry_views, import_views, views  # noqa: E402,F401
