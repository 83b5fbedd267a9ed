"""Search the minutes: a dialog opened from Home that finds words across every meeting's Minute."""
