"""Calendar feeds on the network: reading an address, checking it is public, fetching it."""
