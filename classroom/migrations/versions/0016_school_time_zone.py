"""Schools have a time zone: pages, PDFs and emails show times in it (issue 12).

Revision ID: 0016_school_time_zone
Revises: 0015_assignment_deadline_reason
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_school_time_zone'
down_revision = '0015_assignment_deadline_reason'
branch_labels = None
depends_on = None


def upgrade():
    # Existing schools read UTC, as before, until someone chooses their zone on the school page.
    # A plain ADD COLUMN (no batch copy): users, classes and batches point at schools.
    op.add_column('schools', sa.Column('time_zone', sa.String(64), nullable=False, server_default='UTC'))


def downgrade():
    # Not in batch mode either: copying schools on SQLite would break the rows that point at them.
    op.drop_column('schools', 'time_zone')
