"""The vault screens: create on first run, unlock, recover with the recovery key."""
