"""deck files digest: the fingerprint of the files a deck was last imported from

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

`quizapp import` of files that are, byte for byte, the ones last imported (read by the same
validator) finds nothing to do from these two columns alone, without validating or comparing
thousands of questions again. Existing decks start without a digest, so their next import
takes the full path once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decks") as batch:
        batch.add_column(sa.Column("files_digest", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("files_decks", sa.Integer(), nullable=True))
        batch.create_index("ix_decks_files_digest", ["files_digest"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("decks") as batch:
        batch.drop_index("ix_decks_files_digest")
        batch.drop_column("files_decks")
        batch.drop_column("files_digest")
