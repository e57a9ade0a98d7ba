"""Assignments and review: who answers each item by when and where its review stands
(assignment), and a consultant's reason for finalising before every applicable item was
accepted (assessment.final_override_reason)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 23:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_assignment_assessment_id_assessment"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["assignee_id"], ["user_account.id"],
                                name=op.f("fk_assignment_assignee_id_user_account"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["changed_by_id"], ["user_account.id"],
                                name=op.f("fk_assignment_changed_by_id_user_account"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reviewed_by_id"], ["user_account.id"],
                                name=op.f("fk_assignment_reviewed_by_id_user_account"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
        sa.UniqueConstraint("assessment_id", "item_id",
                            name=op.f("uq_assignment_assessment_id")),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_assignee_id"), ["assignee_id"],
                              unique=False)
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("final_override_reason", sa.Text(), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_column("final_override_reason")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_assignee_id"))
    op.drop_table("assignment")
