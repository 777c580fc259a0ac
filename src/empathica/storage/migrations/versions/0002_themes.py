"""Themes of pains and gains and which theme each feedback item belongs to.

A theme is stored whole as JSON (its centre included) because it is read and written as a
unit; ``theme_items`` holds one row per item that has been placed (theme_key null: no theme
fitted), so an incremental update finds the items not placed yet with one anti-join.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "themes",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", _json(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_themes"),
    )
    op.create_table(
        "theme_items",
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("theme_key", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["feedback_id"], ["feedback.id"], name="fk_theme_items_feedback_id_feedback", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("feedback_id", name="pk_theme_items"),
    )
    op.create_index("ix_theme_items_theme_key", "theme_items", ["theme_key"])


def downgrade() -> None:
    op.drop_table("theme_items")
    op.drop_table("themes")
