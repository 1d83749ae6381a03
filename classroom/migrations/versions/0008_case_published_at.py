"""Cases record when they were first published (news is due from then, not from the draft).

Revision ID: 0008_case_published_at
Revises: 0007_teacher_email_confirmation


"""
from datetime import datetime, timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_case_published_at'
down_revision = '0007_teacher_email_confirmation'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_at', sa.DateTime(), nullable=True))
    # Cases published before this column existed: the best record of their publication is
    # their creation, together with the timeline entries saved with them (within a minute,
    # the rule alerts used before), so those stay part of the case's arrival, not later news.
    connection = op.get_bind()
    cases = connection.execute(sa.text("SELECT id, created_at FROM cases WHERE published")).all()
    for case_id, created_at in cases:
        created_at = _as_datetime(created_at)
        came_with = [_as_datetime(row[0]) for row in connection.execute(
            sa.text("SELECT created_at FROM case_events WHERE case_id = :id"), {"id": case_id})]
        published_at = max([created_at, *(c for c in came_with if c - created_at < timedelta(minutes=1))])
        connection.execute(sa.text("UPDATE cases SET published_at = :at WHERE id = :id"),
                           {"at": published_at, "id": case_id})


def _as_datetime(value):
    """SQLite hands back text, PostgreSQL a datetime."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def downgrade():
    # Not in batch mode: copying ``cases`` into a new table on SQLite drops the old one, which
    # other tables' foreign keys refuse (or cascade from). SQLite 3.35+ drops a column itself.
    op.drop_column('cases', 'published_at')
