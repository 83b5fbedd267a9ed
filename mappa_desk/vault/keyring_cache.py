"""'Remember on this computer': an optional copy of the database key in the OS keyring.

The keyring never holds the only copy: the key file always has the passphrase
and recovery wraps. Entries are named by the vault's random id, never by a
person's name.
"""

from __future__ import annotations

from mappa_desk.errors import KeyringUnavailable

# `keyring` takes ~60 ms to import (it pulls in urllib and its backends), so it is imported on first
# use, which is on the unlock worker thread rather than before the first window is shown.

SERVICE = "MAPPA Desk"

NO_KEYRING = (
    "This computer has no system keyring, so MAPPA Desk can't remember the vault here. "
    "Unlock with your passphrase each time."
)


def backend_name() -> str:
    import keyring

    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def available() -> bool:
    """True when a real backend is configured (not keyring's 'fail' or 'null' placeholder)."""
    import keyring

    backend = keyring.get_keyring()
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    if module.startswith("keyring.backends.chainer") and not getattr(backend, "backends", None):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:
        return False


def store(vault_id: str, db_key: bytes) -> None:
    import keyring.errors

    if not available():
        raise KeyringUnavailable(NO_KEYRING)
    try:
        keyring.set_password(SERVICE, vault_id, db_key.hex())
    except keyring.errors.KeyringError as err:
        raise KeyringUnavailable(
            "The system keyring refused to store the vault key, so it will not be remembered on this computer. "
            "Unlock with your passphrase."
        ) from err


def load(vault_id: str) -> bytes | None:
    """The remembered key, or None when there is none (or no keyring)."""
    import keyring.errors

    if not available():
        return None
    try:
        text = keyring.get_password(SERVICE, vault_id)
    except keyring.errors.KeyringError:
        return None
    if not text:
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None


def forget(vault_id: str) -> None:
    import keyring.errors

    if not available():
        return
    try:
        keyring.delete_password(SERVICE, vault_id)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError:
        pass
