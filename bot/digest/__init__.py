"""Digests: held mentions delivered together in one DM."""
