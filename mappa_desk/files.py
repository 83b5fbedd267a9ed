"""Atomic file writes: a reader sees the old file or the new one, never half of each."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mappa_desk.errors import OutputInVault, UserFacingError, describe_os_error


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where the OS cannot open folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, what: str = "the file", durable: bool = True) -> None:
    """Write `data` to `path` through a temporary file in the same folder.

    The temporary file is fsynced before `os.replace`, so a crash leaves either
    the previous content or the new content. On failure the temporary file is
    removed and the old file is untouched. The file is private to the user
    (mode 0600, as `mkstemp` creates it). `durable=False` skips the fsyncs, for a
    note that only informs and may be lost with a crash: readers still see it whole.
    """
    path = Path(path)
    folder = path.parent
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        if durable:
            fsync_dir(folder)
    except OSError as err:
        raise describe_os_error(err, what) from err
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _same_place(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # the same folder by any name: a link, another case, a bind mount
    except OSError:
        return os.path.normcase(str(a)) == os.path.normcase(str(b))


def refuse_inside_vault(target: str | os.PathLike, data_folder: str | os.PathLike, what: str, *,
                        allowed: str | os.PathLike | None = None) -> Path:
    """The output `target` resolved, or OutputInVault if it is, or would land, inside the data folder.

    Symbolic links are followed, and a target that does not exist yet is judged by where its parent
    resolves. `allowed` is the one place inside the data folder that may be used (the default backup
    folder, which holds only the app's own backup files).
    """
    what = what[:1].upper() + what[1:]  # not capitalize(): "The ViSOR export"
    try:
        resolved = Path(target).expanduser().resolve()
        vault = Path(data_folder).expanduser().resolve()
    except (OSError, RuntimeError) as err:  # a loop of links, a name the system refuses
        raise UserFacingError(f"{what} cannot be written to {target}: that place cannot be found "
                              "on the disk. Choose another; nothing was written.") from err
    if allowed is not None and _same_place(resolved, Path(allowed).expanduser().resolve()):
        return resolved
    if any(_same_place(place, vault) for place in (resolved, *resolved.parents)):
        raise OutputInVault(f"{what} cannot be written to {target}: that is inside the data folder "
                            f"{vault}, which holds the vault itself, and it could replace the vault's own files. "
                            "Choose a place outside it; nothing was written.")
    return resolved


def private_opener(path, flags: int) -> int:
    """For `open(path, mode, opener=private_opener)`: a new file is created readable by its owner only (0600),
    whatever the process's umask (a library caller may not have set one)."""
    return os.open(path, flags, 0o600)


def tighten(*targets: Path) -> None:
    """Take away every permission of group and others (a folder 0755 becomes 0700, a file 0644 becomes 0600).

    Only takes away: a folder the user made read-only stays read-only. Silent where it cannot (not the owner,
    a file system without modes, a file that is not there): it protects, it never stops the work.
    """
    if os.name != "posix":
        return
    for target in targets:
        try:
            mode = os.stat(target).st_mode & 0o7777
            if mode & 0o077:
                os.chmod(target, mode & ~0o077)
        except OSError:
            pass
