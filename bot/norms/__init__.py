"""Channel norms: what a channel is for, its response time and its urgent route."""
