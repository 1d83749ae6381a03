"""Cases record when they were first published (news is due from then, not from the draft).

Revision ID: 0004_case_published_at
Revises: 0003_network


"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_case_published_at'
down_revision = '0003_network'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_at', sa.DateTime(), nullable=True))
    # Cases published before this column existed: the best record of their publication is their creation.
    op.execute(sa.text("UPDATE cases SET published_at = created_at WHERE published"))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('published_at')
