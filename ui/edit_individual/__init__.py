"""The "Edit details" dialog: change an individual's details (audited), prefilled with what the vault holds."""
