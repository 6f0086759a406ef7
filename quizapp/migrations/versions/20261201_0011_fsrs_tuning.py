"""fsrs tuning: per-deck desired retention, load balancing and easy days, the last fit, and
the log of reschedules

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Server defaults too, as in the model: existing rows and bulk loads (bench/scale.py) that
    # name only the older columns get balancing on and no easy days.
    with op.batch_alter_table("learner_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("load_balancing", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column("easy_days", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch_op.add_column(sa.Column("last_fit", sa.JSON(), nullable=True))

    op.create_table(
        "deck_retentions",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("desired_retention", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deck_id"],
            ["decks.id"],
            name=op.f("fk_deck_retentions_deck_id_decks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_deck_retentions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "deck_id", name=op.f("pk_deck_retentions")),
    )
    op.create_table(
        "reschedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("rescheduled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("due_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stability_before", sa.Double(), nullable=True),
        sa.Column("stability_after", sa.Double(), nullable=True),
        sa.CheckConstraint(
            "reason IN ('parameters', 'retention')", name=op.f("ck_reschedules_reason")
        ),
        sa.ForeignKeyConstraint(
            ["card_id"], ["cards.id"], name=op.f("fk_reschedules_card_id_cards"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reschedules_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reschedules")),
    )
    with op.batch_alter_table("reschedules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reschedules_card_id"), ["card_id"], unique=False)
        batch_op.create_index(
            "ix_reschedules_user_time", ["user_id", "rescheduled_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reschedules", schema=None) as batch_op:
        batch_op.drop_index("ix_reschedules_user_time")
        batch_op.drop_index(batch_op.f("ix_reschedules_card_id"))
    op.drop_table("reschedules")
    op.drop_table("deck_retentions")
    with op.batch_alter_table("learner_settings", schema=None) as batch_op:
        batch_op.drop_column("last_fit")
        batch_op.drop_column("easy_days")
        batch_op.drop_column("load_balancing")
