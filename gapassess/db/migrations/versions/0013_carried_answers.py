"""Carried answers: where an assessment was started from (assessment.origin_id and
origin_kind: "copy", "move" or "file"), and for each answer where it was carried from, when
it was answered there, what to check and whether it is still to confirm
(response.carried_from, carried_at, carry_warning, to_confirm), plus when its evidence last
changed (response.evidence_at; existing evidence is dated by the answer's last change)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 22:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("origin_kind", sa.String(length=10), server_default="", nullable=False)
        )
        batch_op.create_foreign_key(
            op.f("fk_assessment_origin_id_assessment"), "assessment", ["origin_id"], ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("carried_from", sa.String(length=500), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("carried_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("carry_warning", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("to_confirm", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("evidence_at", sa.DateTime(), nullable=True))
    response = sa.table("response", sa.column("evidence", sa.Text()),
                        sa.column("updated_at", sa.DateTime()),
                        sa.column("evidence_at", sa.DateTime()))
    op.execute(response.update().where(response.c.evidence != "")
               .values(evidence_at=response.c.updated_at))


def downgrade() -> None:
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_column("evidence_at")
        batch_op.drop_column("to_confirm")
        batch_op.drop_column("carry_warning")
        batch_op.drop_column("carried_at")
        batch_op.drop_column("carried_from")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_assessment_origin_id_assessment"), type_="foreignkey")
        batch_op.drop_column("origin_kind")
        batch_op.drop_column("origin_id")
