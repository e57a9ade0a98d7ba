"""Perception by role: the groups a workshop offers (workshop.groups, a JSON list of role
kinds, empty for workshops opened before) and the group each participant picked
(participant.group, none for those who joined before)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10 02:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("groups", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("group")
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("groups")
