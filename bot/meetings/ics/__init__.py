"""The iCalendar engine: a feed body parsed into meeting occurrences, here or in worker processes.

Kept free of imports: the parse worker (worker.py) imports this package at start.
"""
