"""Students' given and family names kept apart, with the order the name is written in.

Existing names were stored as "Given Family": the first word becomes the given name and the
rest the family name (María García López → María / García López), written given name first,
which shows every existing name exactly as before. A one-word name is a given name.

Revision ID: 0012_given_family_names
Revises: 0011_case_reading_fields
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_given_family_names'
down_revision = '0011_case_reading_fields'
branch_labels = None
depends_on = None


def upgrade():
    # Not in batch mode: copying users on SQLite would break the keys that point at it.
    op.add_column('users', sa.Column('given_name', sa.String(length=120), server_default='', nullable=False))
    op.add_column('users', sa.Column('family_name', sa.String(length=120), server_default='', nullable=False))
    op.add_column('users', sa.Column('family_first', sa.Boolean(), server_default=sa.false(), nullable=False))
    bind = op.get_bind()
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('name', sa.String),
                     sa.column('given_name', sa.String), sa.column('family_name', sa.String))
    for user_id, name in bind.execute(sa.select(users.c.id, users.c.name)).all():
        words = (name or '').split()
        given, family = (words[0], ' '.join(words[1:])) if words else ('', '')
        bind.execute(users.update().where(users.c.id == user_id).values(given_name=given, family_name=family))


def downgrade():
    op.drop_column('users', 'family_first')
    op.drop_column('users', 'family_name')
    op.drop_column('users', 'given_name')
