"""One letter per student, assignment and kind for the kinds without a target (issue 11).

The unique key on (assignment, student, kind, target) let two solidarity letters in at
once: NULL targets are all distinct. A partial unique index (SQLite and PostgreSQL) holds
the rule for every kind but the appeal. Duplicates made before are settled first: an
untouched copy (still at its first version, a draft) is deleted; if a student really wrote
in two copies, the upgrade stops at the index and the letters must be merged by hand.

Revision ID: 0005_one_letter_without_target
Revises: 0004_sign_in_sessions

"""
from alembic import op
import sqlalchemy as sa


revision = '0005_one_letter_without_target'
down_revision = '0004_sign_in_sessions'
branch_labels = None
depends_on = None

WHERE = "kind <> 'appeal'"


def upgrade():
    op.execute(sa.text(f"""
        DELETE FROM letters WHERE {WHERE} AND state = 'draft' AND version <= 1 AND EXISTS (
            SELECT 1 FROM letters AS first
            WHERE first.assignment_id = letters.assignment_id AND first.student_id = letters.student_id
              AND first.kind = letters.kind AND first.id < letters.id)"""))
    op.create_index('uq_letters_one_without_target', 'letters', ['assignment_id', 'student_id', 'kind'],
                    unique=True, sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))


def downgrade():
    op.drop_index('uq_letters_one_without_target', table_name='letters')
