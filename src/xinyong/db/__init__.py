"""Storage: one schema, migrated by Alembic, on SQLite or PostgreSQL."""

from xinyong.db.base import Base
from xinyong.db.engine import Database

__all__ = ["Base", "Database"]
