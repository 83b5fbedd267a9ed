"""Errors a person is shown, as opposed to bugs: each carries one plain sentence."""

from __future__ import annotations

import errno


class UserFacingError(Exception):
    """Something went wrong that the user can understand and act on.

    `str(error)` is the sentence to show. It never holds personal data that is
    not already on the user's screen, and never a Python class name.
    """

    exit_code = 2


class VaultClosed(Exception):
    """Work reached the database after the vault was locked or closed: it is dropped, silently.

    Not a UserFacingError: the user locked the vault, so there is nothing to tell them.
    """


class VaultNotFound(UserFacingError):
    pass


class VaultAlreadyExists(UserFacingError):
    pass


class VaultInUse(UserFacingError):
    """Another window or command holds the vault's lock; the sentence says which, and since when."""

    exit_code = 75  # EX_TEMPFAIL: try again once the other one has finished


class OutputInVault(UserFacingError):
    """A file the user asked for would land inside the data folder, beside (or over) the vault's own files."""


class WrongSecret(UserFacingError):
    """The passphrase or recovery key does not open the key file."""


class KeyFileDamaged(UserFacingError):
    pass


class KeyFileMismatch(KeyFileDamaged):
    """The key file is sound but belongs to another database (another vault, or before a key change)."""


class DatabaseDamaged(UserFacingError):
    pass


class DatabaseTooNew(UserFacingError):
    pass


class UpgradeFailed(UserFacingError):
    """An update of the database to this version's schema did not apply (and was rolled back)."""


class KeyringUnavailable(UserFacingError):
    pass


class InvalidInput(UserFacingError):
    """Text the user gave (a passphrase, a form field) was not acceptable."""


class ImportRejected(UserFacingError):
    """An interchange file was refused; nothing was written."""


class NotFound(UserFacingError):
    pass


def describe_os_error(err: OSError, what: str) -> UserFacingError:
    """Turn disk-full, permission and locked-file errors into a sentence."""
    if err.errno == errno.ENOSPC:
        text = f"The disk is full, so {what} could not be saved. Free some space and try again; nothing already saved was lost."
    elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        text = f"MAPPA Desk is not allowed to write {what}. Check that the folder is not read-only and that you have permission to use it."
    elif err.errno in (errno.EBUSY, errno.ETXTBSY):
        text = f"{what.capitalize()} is in use by another program. Close it and try again."
    else:
        text = f"{what.capitalize()} could not be written ({err.strerror or 'system error'}). Nothing already saved was lost."
    return UserFacingError(text)
