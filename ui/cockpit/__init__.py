"""The cockpit: the screen a chair runs one case from during the meeting."""
