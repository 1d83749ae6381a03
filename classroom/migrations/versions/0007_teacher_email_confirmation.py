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
    op.add_column('users', sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))
    op.execute(sa.text("UPDATE users SET email_confirmed_at = created_at WHERE role = 'teacher'"))


def downgrade():
    # Not in batch mode: copying ``users`` into a new table on SQLite drops the old one, and with
    # foreign keys on that deletes every letter and enrolment by cascade. SQLite 3.35+ drops a column.
    op.drop_column('users', 'email_confirmed_at')
