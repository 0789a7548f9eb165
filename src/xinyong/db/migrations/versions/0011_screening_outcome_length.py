"""screening_results.outcome wide enough for pending_review (a listing waiting for review names the query)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('screening_results', schema=None) as batch_op:
        batch_op.alter_column('outcome', existing_type=sa.String(length=12), type_=sa.String(length=20),
                              existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('screening_results', schema=None) as batch_op:
        batch_op.alter_column('outcome', existing_type=sa.String(length=20), type_=sa.String(length=12),
                              existing_nullable=False)
