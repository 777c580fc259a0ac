"""Persistence: SQLite by default, PostgreSQL for teams. Speaks only domain objects outward."""

from empathica.storage.accounts import AccountExists, Accounts
from empathica.storage.db import (
    StorageError,
    create_engine_for,
    current_revision,
    downgrade,
    head_revision,
    upgrade,
)
from empathica.storage.repo import AddResult, IngestionRun, Repository, open_repository

__all__ = [
    "AccountExists",
    "Accounts",
    "AddResult",
    "IngestionRun",
    "Repository",
    "StorageError",
    "create_engine_for",
    "current_revision",
    "downgrade",
    "head_revision",
    "open_repository",
    "upgrade",
]
