"""Privacy and data rights: what Kairos holds about a person, forget-me, my-data, uninstall."""
