"""Working calendar and scenarios: the organisation's country (organisation.country, an ISO
3166 alpha-2 code whose public holidays are not working days, "" for none) and shutdown
periods (organisation.shutdown_periods, one "YYYY-MM-DD to YYYY-MM-DD label" a line), and
the what-if scenarios of an assessment's roadmap (assessment.scenarios, a JSON list)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-11 02:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("country", sa.String(length=2), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("shutdown_periods", sa.Text(), server_default="", nullable=False)
        )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("scenarios", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_column("scenarios")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("shutdown_periods")
        batch_op.drop_column("country")
