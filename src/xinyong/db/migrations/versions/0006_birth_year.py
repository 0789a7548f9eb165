"""subjects keep a person's birth year, not the birth date

With the masked number (first 4 and last 4 characters) a full birth date gives away 16 of the 18
characters of a citizen ID; the year is all matching and statistics need.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("birth_year", sa.Integer(), nullable=True))
    subjects = sa.table("subjects", sa.column("birth_date", sa.Date()), sa.column("birth_year", sa.Integer()))
    year = sa.extract("year", subjects.c.birth_date)
    op.execute(subjects.update().where(subjects.c.birth_date.is_not(None)).values(birth_year=sa.cast(year, sa.Integer)))
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.drop_column("birth_date")


def downgrade() -> None:
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
        batch_op.drop_column("birth_year")
