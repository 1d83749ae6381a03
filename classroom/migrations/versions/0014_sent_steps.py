"""Each kind's sent step: letters emailed, posts posted, scripts called; tallies per kind.

Revision ID: 0014_sent_steps
Revises: 0013_form_tokens_card_secrets

The letters' state check gains three states. SQLite can't alter a CHECK constraint, and
rebuilding ``letters`` (batch mode) would drop a table that revisions, comments and print
batches reference. The constraint only grows (every stored row still passes), which is the
case SQLite documents as safe to edit in the stored schema ("Making Other Kinds Of Table
Schema Changes", https://www.sqlite.org/lang_altertable.html#otheralter).
"""
from alembic import op
import sqlalchemy as sa


revision = '0014_sent_steps'
down_revision = '0013_form_tokens_card_secrets'
branch_labels = None
depends_on = None

OLD = "'approved', 'printed', 'mailed')"
NEW = "'approved', 'printed', 'mailed', 'emailed', 'posted', 'called')"
OLD_CHECK = "state IN ('draft', 'submitted', 'changes_requested', " + OLD
NEW_CHECK = "state IN ('draft', 'submitted', 'changes_requested', " + NEW


def _sqlite_check(old: str, new: str) -> None:
    """Swap the letters table's state check in SQLite's stored schema (one table, one match)."""
    bind = op.get_bind()
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'letters'").scalar()
    if sql.count(old) != 1:
        raise RuntimeError("The letters table's state check is not the expected one; not changing it.")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'letters'",
                         (sql.replace(old, new),))
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def _check(old: str, new: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_check(old, new)
    else:
        op.drop_constraint(op.f('ck_letters_state'), 'letters', type_='check')
        op.create_check_constraint(op.f('ck_letters_state'), 'letters', sa.text(new))


def upgrade():
    _check(OLD_CHECK, NEW_CHECK)
    with op.batch_alter_table('letter_tallies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('emailed', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('posted', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('called', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    # Letters in the new states go back to the state before them: approved.
    op.execute("UPDATE letters SET state = 'approved' WHERE state IN ('emailed', 'posted', 'called')")
    _check(NEW_CHECK, OLD_CHECK)
    for column in ('called', 'posted', 'emailed', 'kind'):
        op.drop_column('letter_tallies', column)
