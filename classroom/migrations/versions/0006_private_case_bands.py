"""A private case's band is the rule table's: undo decisions teachers recorded on their own
imports (issue 11). The decision rows stay for the record; they no longer count.

Revision ID: 0006_private_case_bands
Revises: 0005_one_letter_without_target

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_private_case_bands'
down_revision = '0005_one_letter_without_target'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(sa.text("UPDATE cases SET min_band = suggested_band "
                       "WHERE owner_id IS NOT NULL AND min_band <> suggested_band"))


def downgrade():
    pass  # the lowered bands are not restored
