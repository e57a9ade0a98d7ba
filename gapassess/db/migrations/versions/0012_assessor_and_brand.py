"""Assessor and branding: who ran an assessment (assessment.assessor_name and
assessment.assessor_firm, named on the report's cover) and the report branding (table
brand: a logo, two colours and a Word template, one row per organisation and one with no
organisation for the installation's consultant firm)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-12 02:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("assessor_name", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("assessor_firm", sa.String(length=200), server_default="", nullable=False)
        )
    op.create_table(
        "brand",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_type", sa.String(length=10), server_default="", nullable=False),
        sa.Column("primary_colour", sa.String(length=7), server_default="", nullable=False),
        sa.Column("accent_colour", sa.String(length=7), server_default="", nullable=False),
        sa.Column("template", sa.LargeBinary(), nullable=True),
        sa.Column("template_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"],
            name=op.f("fk_brand_organisation_id_organisation"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brand")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_brand_organisation_id")),
    )


def downgrade() -> None:
    op.drop_table("brand")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_column("assessor_firm")
        batch_op.drop_column("assessor_name")
