"""The interchange format: one meeting with its individual, as versioned JSON."""
