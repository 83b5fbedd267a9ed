"""The home screen shown once the vault is unlocked (a placeholder until the real one is built)."""
