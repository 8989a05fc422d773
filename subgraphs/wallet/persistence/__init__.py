"""Wallet persistence: SQLModel tables (in the wallet's own metadata), the repository, the unit of work and the
Alembic migrations (`migrations/`, version table `alembic_version_wallet`)."""
