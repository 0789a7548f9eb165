"""Search index: keys of public subjects and bigram postings of their names

Revision ID: 0004
Revises: 0003
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_grams',
    sa.Column('gram', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('key_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('gram', 'key_id', name=op.f('pk_search_grams')),
    sqlite_with_rowid=False
    )
    op.create_table('search_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('key', sa.String(length=200).with_variant(sa.String(length=200, collation='C'), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_search_keys_subject_id_subjects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_keys')),
    sa.UniqueConstraint('subject_id', 'role', 'key', name=op.f('uq_search_keys_subject_id_role_key'))
    )
    with op.batch_alter_table('search_keys', schema=None) as batch_op:
        batch_op.create_index('ix_search_keys_role_key', ['role', 'key', 'subject_id'], unique=False)
    # Subjects registered before the index existed become searchable at once.
    from xinyong.search.index import rebuild_index

    rebuild_index(Session(bind=op.get_bind()))


def downgrade() -> None:
    with op.batch_alter_table('search_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_search_keys_role_key')

    op.drop_table('search_keys')
    op.drop_table('search_grams')
