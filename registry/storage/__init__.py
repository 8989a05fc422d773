"""The registry's storage: SQLModel tables, the repository, and Alembic migrations with their own version table."""
