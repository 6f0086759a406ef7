"""attempt slots by question: the choices picked, for item analysis

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

Item analysis counts the options picked for a quiz's choice questions. Without an index on
attempt_slots.question_id, PostgreSQL read the whole slots table for it (1.7 million rows in
bench/scale.py); with it, only the slots of those questions.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_attempt_slots_question", "attempt_slots", ["question_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_attempt_slots_question", table_name="attempt_slots")
