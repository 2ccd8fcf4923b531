"""Agendas: finding one in a meeting's description, and the call invites posted in channels."""
