"""Print batches count the letters taken out when their students' data was deleted.

Revision ID: 0009_batch_removed_letters
Revises: 0008_case_published_at


"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_batch_removed_letters'
down_revision = '0008_case_published_at'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('print_batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purged_letters', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('deleted_letters', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    # Not in batch mode, as in 0008: SQLite 3.35+ drops a column without copying the table.
    op.drop_column('print_batches', 'deleted_letters')
    op.drop_column('print_batches', 'purged_letters')
