"""Workspace-wide settings that only admins change (joining channels, and more to come)."""
