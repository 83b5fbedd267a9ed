"""MAPPA Desk core: the Qt-free library behind the desktop app and the CLI."""

__version__ = "0.1.0"
