"""Database plumbing: declarative base, UTC timestamps, engine, unit of work, migrations."""
