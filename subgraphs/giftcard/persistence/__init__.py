"""Giftcard persistence: SQLModel tables, repositories, the unit of work; the schema comes from Alembic."""
