"""Use cases the UI and CLI call; each public function is one transaction."""
