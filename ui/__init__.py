"""The Qt layer of MAPPA Desk: windows, screens and the task runner; the core never imports this."""
