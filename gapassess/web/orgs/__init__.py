from flask import Blueprint

bp = Blueprint("orgs", __name__)

from gapassess.web.orgs import brand_views, invite_views, member_views, views  # noqa: E402,F401
