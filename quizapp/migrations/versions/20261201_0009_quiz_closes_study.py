"""quiz closes study: a teacher's quiz can close flashcard study of its deck while it is open

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Existing quizzes keep study open (false), as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quizzes") as batch:
        batch.add_column(
            sa.Column("closes_study", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("quizzes") as batch:
        batch.drop_column("closes_study")
