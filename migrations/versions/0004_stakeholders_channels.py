"""Stakeholders and other channels: organisation contacts (personal data, in their own table), invite sent and
reminder times with one invite per organisation per survey, and a record of each imported CSV file.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('created_at_utc', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at_utc', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_contacts_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_contacts'))
    )
    with op.batch_alter_table('organisation_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_contacts_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('survey_version_id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_at_utc', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_import_batches_imported_by_id_users')),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_import_batches_survey_id_surveys')),
    sa.ForeignKeyConstraint(['survey_version_id'], ['survey_versions.id'], name=op.f('fk_import_batches_survey_version_id_survey_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches')),
    sa.UniqueConstraint('survey_id', 'content_hash', name=op.f('uq_import_batches_survey_id'))
    )
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batches_survey_id'), ['survey_id'], unique=False)

    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_at_utc', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reminded_at_utc', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reminder_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_invites_survey_id'), ['survey_id', 'organisation_id'])


def downgrade():
    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_invites_survey_id'), type_='unique')
        batch_op.drop_column('reminder_count')
        batch_op.drop_column('reminded_at_utc')
        batch_op.drop_column('sent_at_utc')

    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batches_survey_id'))

    op.drop_table('import_batches')
    with op.batch_alter_table('organisation_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_contacts_organisation_id'))

    op.drop_table('organisation_contacts')
