"""Check-ins: async stand-ups and status rounds that replace a recurring meeting."""
