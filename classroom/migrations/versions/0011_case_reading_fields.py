"""What real Urgent Actions print beside the letter: the AI Index, a copies-to instruction, contact lines.

A UA often says "copies to diplomatic representatives of X accredited to your country"
with no address: it is kept as an instruction shown to the school, never printed as an
address. Officials' fax numbers and social handles are kept as contact lines.

Revision ID: 0011_case_reading_fields
Revises: 0010_letter_language
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_case_reading_fields'
down_revision = '0010_letter_language'
branch_labels = None
depends_on = None


def upgrade():
    # Plain add_column (no batch mode): cases and case_targets are referenced by other tables.
    op.add_column('cases', sa.Column('ai_index', sa.String(length=40), server_default='', nullable=False))
    op.add_column('cases', sa.Column('copies_to_note', sa.Text(), server_default='', nullable=False))
    op.add_column('case_targets', sa.Column('contacts', sa.Text(), server_default='', nullable=False))


def downgrade():
    op.drop_column('case_targets', 'contacts')
    op.drop_column('cases', 'copies_to_note')
    op.drop_column('cases', 'ai_index')
