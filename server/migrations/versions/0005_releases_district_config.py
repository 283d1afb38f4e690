"""Releases and district configuration pushed to the kiosks (server.distribution).

- `releases`: every published kiosk version per channel and platform, with its signed
  manifest's exact text; `release_pins`: a channel held at one version.
- `district_configs`: every published district configuration, signed; the highest version
  is the one kiosks pull.

Revision ID: 0005_releases_district_config
Revises: 0004_backoffice_users
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_releases_district_config"
down_revision = "0004_backoffice_users"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("sort_key", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("envelope_json", sa.Text(), nullable=False),
        sa.Column("published_at", utc(), nullable=False),
        sa.Column("published_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_releases"),
        sa.UniqueConstraint(
            "channel", "platform", "version", name="uq_releases_channel_version"
        ),
    )
    op.create_table(
        "release_pins",
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("pinned_at", utc(), nullable=False),
        sa.Column("pinned_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("channel", "platform", name="pk_release_pins"),
    )
    op.create_table(
        "district_configs",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("envelope_json", sa.Text(), nullable=False),
        sa.Column("published_at", utc(), nullable=False),
        sa.Column("published_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_district_configs"),
    )


def downgrade() -> None:
    op.drop_table("district_configs")
    op.drop_table("release_pins")
    op.drop_table("releases")
