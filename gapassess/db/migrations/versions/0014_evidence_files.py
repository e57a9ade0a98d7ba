"""Evidence files: table evidence_file, one row per file kept for an item of an
assessment (its bytes are in the evidence store, under storage_key); a deleted file keeps
its row (deleted_at, deleted_by_id) so the item's history still names it

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 22:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("evidence_date", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"],
            name=op.f("fk_evidence_file_organisation_id_organisation"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"],
            name=op.f("fk_evidence_file_assessment_id_assessment"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["user_account.id"],
            name=op.f("fk_evidence_file_uploaded_by_id_user_account"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["deleted_by_id"], ["user_account.id"],
            name=op.f("fk_evidence_file_deleted_by_id_user_account"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_file")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_evidence_file_storage_key")),
    )
    op.create_index(op.f("ix_evidence_file_organisation_id"), "evidence_file",
                    ["organisation_id"], unique=False)
    op.create_index("ix_evidence_file_assessment_item", "evidence_file",
                    ["assessment_id", "item_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_evidence_file_assessment_item", table_name="evidence_file")
    op.drop_index(op.f("ix_evidence_file_organisation_id"), table_name="evidence_file")
    op.drop_table("evidence_file")
