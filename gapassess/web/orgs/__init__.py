from flask import Blueprint

bp = Blueprint("orgs", __name__)

from gapassess.web.orgs import invite_views, member_views, views  # noqa: E402,F401
