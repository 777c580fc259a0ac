"""The last persona build of each kind of people, so personas keep their ids and names.

Personas are rebuilt from the analyses whenever those change; this row is what the next
build is matched against, and the store state it was built from (when that is unchanged the
stored build is served as it is).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "persona_builds",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=255), nullable=False),
        sa.Column("data", _json(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", name="pk_persona_builds"),
    )


def downgrade() -> None:
    op.drop_table("persona_builds")
