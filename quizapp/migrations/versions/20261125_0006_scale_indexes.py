"""scale indexes: a learner's latest study rating, and attempt marks read from an index alone

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

ix_reviews_user_origin finds a learner's most recent study rating (the study page's undo
button) with one index seek instead of reading the learner's whole review log.
ix_attempt_slots_marks covers what item analysis, progress and class reports read of a slot
(question, mark, final or not) by attempt, so those queries never touch the slots' rows, whose
question snapshots make them large.

On PostgreSQL each CREATE INDEX blocks writes to its table while it builds (seconds on millions
of rows); migrations run in one transaction, so CONCURRENTLY is not an option here.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reviews_user_origin", "reviews", ["user_id", "origin", "id"], unique=False)
    op.create_index(
        "ix_attempt_slots_marks",
        "attempt_slots",
        ["attempt_id", "position", "question_id", "score", "is_final"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_attempt_slots_marks", table_name="attempt_slots")
    op.drop_index("ix_reviews_user_origin", table_name="reviews")
