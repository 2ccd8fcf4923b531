"""The weekly meeting-cleanup summary and "could this meeting have been async?"."""
