"""The "New individual" dialog: enter a newly referred individual, so an initial meeting can be set up for them."""
