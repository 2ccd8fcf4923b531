"""Meetings: calendar feeds, shared invites, agenda nudges and attendees' notices.

service.py holds the feed use cases (connect, sync, poll, remove); repo.py and
repo_upsert.py all the SQL; ics/ parses feeds, feeds/ fetches them, agenda/ reads what a
meeting is for. Kept free of imports: the parse worker (ics/worker.py) imports this package.
"""
