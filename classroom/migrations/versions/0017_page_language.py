"""Pages in more than one language: a person's own choice and a class's language (issue 13).

Revision ID: 0017_page_language
Revises: 0016_school_time_zone
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_page_language'
down_revision = '0016_school_time_zone'
branch_labels = None
depends_on = None


def upgrade():
    # NULL: no choice made, so the class's, the school's or the browser's language applies
    # (classroom/i18n.py). Plain ADD COLUMN: other tables point at both.
    op.add_column('users', sa.Column('language', sa.String(16), nullable=True))
    op.add_column('classes', sa.Column('language', sa.String(16), nullable=True))


def downgrade():
    op.drop_column('classes', 'language')
    op.drop_column('users', 'language')
