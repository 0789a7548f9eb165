"""The migrations build exactly the schema the models describe, on every backend."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from xinyong.db.engine import Database
from xinyong.db.migrate import current_revision, head_revision
from xinyong.db.models import metadata


def test_migrated_schema_matches_models(migrated_database: Database) -> None:
    assert current_revision(migrated_database) == head_revision(migrated_database)
    with migrated_database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), metadata)
    assert differences == []
