"""Database plumbing: declarative base, UTC timestamps, engine, unit of work, migrations,
and the durable dedupe of Slack event ids."""
