"""One-time form tokens (new passwords for a class or a class list's accounts run once per
form) and login-card QR secrets (stored hashed; no existing student has a card until new
cards are made).

Revision ID: 0013_form_tokens_card_secrets
Revises: 0012_given_family_names
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_form_tokens_card_secrets'
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
    op.add_column('users', sa.Column('card_secret_hash', sa.String(length=64), nullable=True))


def downgrade():
    op.drop_column('users', 'card_secret_hash')
    op.drop_index(op.f('ix_used_form_tokens_used_at'), table_name='used_form_tokens')
    op.drop_table('used_form_tokens')
