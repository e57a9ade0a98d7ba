"""An organisation records its next certification audit and its certification body's
transition dates

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 07:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ("next_audit_date", "cb_transition_end", "cb_all_audits_date")


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
