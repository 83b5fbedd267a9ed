"""PySide6 looks at the source of every module imported after it: here it reads the file, and keeps nothing.

Once PySide6 is imported it watches every later import (for its optional `from __feature__ import
snake_case`): it asks whether the module's source mentions "PySide6", through `inspect.getsource`. That
looks the module up among all the modules loaded so far (again for each one) and keeps every source file in
`linecache` for good: at start-up, before the unlock page shows, ~280 modules, ~60-90 ms and ~8 MB that are
still held while the unlock's key derivation takes its 128 MiB.

Importing this module (ui.app does, before its other imports) has PySide6 get the same answer the cheap way:
the module's source file is read, searched and dropped; a module without a plain source file (compiled, built
in, or inside the bundle) is asked of its loader, as `linecache` would, and is "no" when it has no source, as
before. Anything unexpected goes to PySide6's own question. Nothing changes if PySide6 is not the version this
was written against (its `feature` module has no `_mod_uses_pyside`): the imports then simply stay slower.
"""

from __future__ import annotations


def _source_of(module) -> str | bytes | None:
    """The module's source as `inspect.getsource` would find it (the file, else its loader), or None if none."""
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith((".py", ".pyc")):
        try:
            with open(path if path.endswith(".py") else path[:-1], "rb") as source:
                return source.read()
        except OSError:
            pass
    get_source = getattr(getattr(module, "__loader__", None), "get_source", None)
    return get_source(module.__name__) if get_source is not None else None


def _uses_pyside_from_file(original):
    def uses_pyside(module) -> bool:
        try:
            source = _source_of(module)
        except Exception:
            return original(module)
        if source is None:
            return False
        return (b"PySide6" if isinstance(source, bytes) else "PySide6") in source

    uses_pyside.plain_read = True
    return uses_pyside


def read_sources_plainly() -> bool:
    """Installs the cheaper question (once); True when it is in place."""
    try:
        from PySide6.support import feature
    except ImportError:
        return False
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None:
        return False
    if not getattr(original, "plain_read", False):
        feature._mod_uses_pyside = _uses_pyside_from_file(original)
    return True


read_sources_plainly()  # on import, so that even the import statement that brings this module in is answered so
