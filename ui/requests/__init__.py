"""The Requests tab of an individual's record: requests for the Minute or RMP, decisions, sending, onward sharing."""
