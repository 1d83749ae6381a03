"""Assignments keep the reason a teacher gave for assigning a case whose deadline had passed (issue 12).

Revision ID: 0015_assignment_deadline_reason
Revises: 0014_sent_steps
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_assignment_deadline_reason'
down_revision = '0014_sent_steps'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (no batch copy): letters point at assignments.
    op.add_column('assignments', sa.Column('deadline_reason', sa.Text(), nullable=True))


def downgrade():
    # Not in batch mode either: copying assignments on SQLite would delete their letters (ON DELETE CASCADE).
    op.drop_column('assignments', 'deadline_reason')
