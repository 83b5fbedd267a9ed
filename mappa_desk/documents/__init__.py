"""Documents: build an immutable model from a meeting, then render it as DOCX or PDF."""
