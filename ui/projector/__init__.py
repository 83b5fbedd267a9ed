"""The projector view: a presentation window for the shared screen, following the cockpit."""
