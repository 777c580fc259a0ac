"""Alembic environment for Empathica's schema.

Runs only with a connection handed over by :func:`empathica.storage.db.upgrade` (through
``config.attributes["connection"]``), so there is no ini file and no URL to configure here.
"""

from __future__ import annotations

from alembic import context

from empathica.storage.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Empathica migrations run from the package: call empathica.storage.db.upgrade(engine) "
        "or `empathica db upgrade`, not the alembic command line"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
