"""The "New meeting" dialog: set up an initial meeting or a review, with its invitees and pre-read papers."""
