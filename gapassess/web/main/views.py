from flask import render_template
from flask_login import current_user, login_required

from gapassess.db import accounts, invitations
from gapassess.web.database import get_session
from gapassess.web.main import bp


@bp.route("/")
@login_required
def index():
    session = get_session()
    organisations = accounts.visible_organisations(session, current_user)
    rows = [
        (
            org,
            accounts.role_in(session, current_user, org.id),
            accounts.visible_assessments(session, current_user, org.id),
        )
        for org in organisations
    ]
    return render_template("main/index.html", rows=rows,
                           invitations=invitations.invitations_for(session, current_user))


@bp.route("/healthz")
def healthz():
    return {"status": "ok"}
