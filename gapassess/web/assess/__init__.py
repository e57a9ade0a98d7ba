from flask import Blueprint

bp = Blueprint("assess", __name__)

from gapassess.web.assess import (  # noqa: E402,F401
    answer_views,
    carry_views,
    evidence_views,
    import_views,
    item_filter,
    review_views,
    views,
)
