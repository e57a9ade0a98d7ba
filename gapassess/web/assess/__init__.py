from flask import Blueprint

bp = Blueprint("assess", __name__)

from gapassess.web.assess import answer_views, item_filter, views  # noqa: E402,F401
