"""One-time form tokens: new passwords for a class or a class list's accounts run once per form.

Revision ID: 0013_used_form_tokens
Revises: 0012_given_family_names
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_used_form_tokens'
down_revision = '0012_given_family_names'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'used_form_tokens',
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('token', name=op.f('pk_used_form_tokens')),
    )
    op.create_index(op.f('ix_used_form_tokens_used_at'), 'used_form_tokens', ['used_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_used_form_tokens_used_at'), table_name='used_form_tokens')
    op.drop_table('used_form_tokens')
