"""Pure Block Kit builders: they take values and return plain dicts."""
