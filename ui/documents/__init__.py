"""Generate a meeting's documents: choose a folder, draft or final, progress, the files, a preview of the Minute."""
