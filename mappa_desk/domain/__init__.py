"""The domain: the MAPPA meeting record as plain dataclasses, and its vocabularies."""
