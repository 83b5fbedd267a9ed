"""Where things live: the user's data folder, and the shipped templates and resources.

This is the only module that knows the layout of the source tree, an installed
package or a PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "MAPPA Desk"
APP_AUTHOR = "MAPPA Desk"
DATA_DIR_ENV = "MAPPA_DESK_DATA_DIR"

KEY_FILE_NAME = "vault.key"
DATABASE_FILE_NAME = "vault.db"
LOCK_FILE_NAME = "vault.lock"  # the OS lock of the one window or command that has the vault open
HOLDER_FILE_NAME = "vault.lock.holder"  # who holds it and since when (no personal data), for the refusal


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The vault folder: `--data-dir`, else $MAPPA_DESK_DATA_DIR, else the per-user data dir."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def app_root() -> Path:
    """The folder that holds templates/ and resources/: the bundle's, or the source tree's."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def templates_dir() -> Path:
    return app_root() / "templates"


def resources_dir() -> Path:
    return app_root() / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def app_icon_path() -> Path:
    """The window icon (PNG); the Windows program's icon is the .ico beside it (build.spec)."""
    return resources_dir() / "icons" / "mappa-desk.png"


def jurisdiction_dir(name: str) -> Path:
    """The folder of one jurisdiction's facts: templates/<name> (the vault's jurisdiction; see services.session)."""
    return templates_dir() / name


def schema_dir() -> Path:
    return Path(__file__).resolve().parent / "storage" / "schema"


def interchange_schema_path() -> Path:
    return Path(__file__).resolve().parent / "interchange" / "meeting.schema.json"


def demo_cases_dir() -> Path:
    """The fictional demo records, as interchange files (mappa_desk.demo)."""
    return Path(__file__).resolve().parent / "demo" / "cases"
