"""search_grams: former names' postings get their own range of bigram values (ROLE_OFFSETS), so a
walk of one role's postings passes none of the other's

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# xinyong.search.normalise.ROLE_OFFSETS["former"], written out: a migration keeps the value it ran with.
FORMER_OFFSET = 1 << 42
FORMER_KEYS = "SELECT id FROM search_keys WHERE role = 'former'"


def upgrade() -> None:
    op.execute(f"UPDATE search_grams SET gram = gram + {FORMER_OFFSET} WHERE key_id IN ({FORMER_KEYS})")


def downgrade() -> None:
    op.execute(f"UPDATE search_grams SET gram = gram - {FORMER_OFFSET} WHERE key_id IN ({FORMER_KEYS})")
