"""Student summaries in other languages beside the English ones (issue 13).

Revision ID: 0018_summaries_by_language
Revises: 0017_page_language
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_summaries_by_language'
down_revision = '0017_page_language'
branch_labels = None
depends_on = None


def upgrade():
    # {"es": {"middle": "…"}}; existing cases have none. Plain ADD COLUMN: other tables point at cases.
    op.add_column('cases', sa.Column('student_summaries_by_language', sa.JSON(), nullable=False,
                                     server_default=sa.text("'{}'")))


def downgrade():
    op.drop_column('cases', 'student_summaries_by_language')
