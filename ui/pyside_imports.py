"""PySide6 looks at the source of every module imported after it: here it reads the file, and keeps nothing.

Once PySide6 is imported it watches every later import (for its optional `from __feature__ import
snake_case`): it asks whether the module's source mentions "PySide6", through `inspect.getsource`. That
looks the module up among all the modules loaded so far (again for each one) and keeps every source file in
`linecache` for good: at start-up, before the unlock page shows, ~280 modules, ~60-90 ms and ~8 MB that are
still held while the unlock's key derivation takes its 128 MiB.

`read_sources_plainly()` gives PySide6 the same answer the cheap way: the module's source file is read and
searched, and dropped. A module without a plain source file (a built-in or compiled one, or one inside the
bundle) is still asked about PySide6's own way, as before. Nothing changes if PySide6 is not the version this
was written against (its `feature` module has no `_mod_uses_pyside`): the import then simply stays slower.
"""

from __future__ import annotations


def _uses_pyside_from_file(original):
    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

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
