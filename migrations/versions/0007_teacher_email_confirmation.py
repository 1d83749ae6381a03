"""Teachers who sign up confirm their email before signing in (issue 11): sign-up no longer
says whether an email has an account. Every teacher account made before is confirmed.

Revision ID: 0007_teacher_email_confirmation
Revises: 0006_private_case_bands

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_teacher_email_confirmation'
down_revision = '0006_private_case_bands'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))
    op.execute(sa.text("UPDATE users SET email_confirmed_at = created_at WHERE role = 'teacher'"))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
