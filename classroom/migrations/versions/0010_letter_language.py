"""Letters have a language, the student's choice; existing letters take their official's.

Until now a letter printed in its target's preferred language (greeting, closing, direction),
so giving each existing appeal that language keeps every approved letter as it printed.
Cards printed in English, which the column's default keeps.

Revision ID: 0010_letter_language
Revises: 0009_batch_removed_letters
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_letter_language'
down_revision = '0009_batch_removed_letters'
branch_labels = None
depends_on = None


def upgrade():
    # Not in batch mode: copying letters on SQLite would break the keys that point at it.
    op.add_column('letters', sa.Column('language', sa.String(length=20), server_default='en', nullable=False))
    op.execute(
        "UPDATE letters SET language = (SELECT case_targets.language FROM case_targets"
        " WHERE case_targets.id = letters.target_id)"
        " WHERE kind = 'appeal' AND target_id IS NOT NULL AND EXISTS (SELECT 1 FROM case_targets"
        " WHERE case_targets.id = letters.target_id AND case_targets.language IS NOT NULL"
        " AND case_targets.language <> '')"
    )


def downgrade():
    op.drop_column('letters', 'language')
