"""search_grams: current names get trigram postings (negative values), so three characters are one
posting list and a count of them needs no key

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_CHUNK = 20_000
_INSERT = sa.text("INSERT INTO search_grams (gram, key_id) VALUES (:gram, :key_id)")


def _trigram(triple: str) -> int:
    # xinyong.search.normalise.trigram, written out: a migration keeps the values it ran with.
    return -1 - ((ord(triple[0]) << 42) | (ord(triple[1]) << 21) | ord(triple[2]))


def upgrade() -> None:
    connection = op.get_bind()
    last = 0
    while True:
        keys = connection.execute(sa.text("SELECT id, key FROM search_keys WHERE role = 'name' AND id > :last "
                                          "ORDER BY id LIMIT :chunk"), {"last": last, "chunk": _CHUNK}).all()
        if not keys:
            return
        rows = [{"gram": gram, "key_id": kid} for kid, key in keys
                for gram in sorted({_trigram(key[i:i + 3]) for i in range(len(key) - 2)})]
        if rows:
            connection.execute(_INSERT, rows)
        last = keys[-1][0]


def downgrade() -> None:
    op.execute("DELETE FROM search_grams WHERE gram < 0")
