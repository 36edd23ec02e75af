"""Writing a file so that a crash leaves the old bytes or the new, never a mix: the one home of it.

Records, journal.yaml, the load cache, the site's pages and state, the app's snapshot and
`--out` files are all written here. A write goes to a temp file in the same folder (created
with O_EXCL), is fsynced, renamed over the target, and the folder is fsynced. Standard library
only and beneath every other module, so any of them may write without importing the store.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from pathlib import Path


def atomic_write(
    path: Path, data: bytes | bytearray, *, durable: bool = True, exclusive: bool = False, sync_folder: bool = True
) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new bytes.

    A symbolic link is kept and its target updated; the file's permission bits are kept.
    A hard-linked file becomes a file of its own (its other names keep the old bytes), as
    with git and most editors that save by rename.
    With `exclusive`, the target must not exist yet (new records never overwrite).
    Without `sync_folder` the bytes are durable but the new name may not be until the caller
    syncs the folder (`sync_folder()`, once for a batch): after a crash the file is whole or absent.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        mode = os.stat(target).st_mode & 0o7777
        if exclusive:
            raise FileExistsError(errno.EEXIST, "file exists", str(path))
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    temp, fd = _temp_file(folder, target.name)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)  # before the fsync, so the mode is as durable as the bytes
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                _fsync(fd)
        finally:
            os.close(fd)
        if exclusive:
            os.link(temp, target)  # fails if a file appeared meanwhile; never overwrites
            os.unlink(temp)
        else:
            _replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):  # the original error matters more than a leftover temp file
            os.unlink(temp)
        raise
    if durable and sync_folder:
        _fsync_folder(folder)


def write_new_quickly(target: Path, data: bytes | bytearray) -> None:
    """Write a file that does not exist yet under a temp name and rename it into place.

    Never seen half-written, but neither durable nor careful of an existing file's mode and
    links: lighter than `atomic_write` (whose care costs a dozen system calls), which matters
    for ten thousand generated pages. The temp name holds the process id; FileExistsError,
    with nothing written, when it is taken (left by a crashed writer that had this id).
    """
    temp = f"{target.parent}{os.sep}.{target.name}.{os.getpid()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, target)  # replaces a link planted meanwhile; never writes through it
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def sync_folder(root: Path, folder: str) -> None:
    """Make the names written with `sync_folder=False` in a record folder durable."""
    _fsync_folder(Path(os.path.realpath(Path(root) / folder)))


def _temp_file(folder: Path, name: str) -> tuple[Path, int]:
    """An exclusively created temp file the loader will never read (`.name.xxxx.tmp`).

    The loader reports one left by an interrupted save by this shape (`journal.listing._LEFTOVER`).
    """
    for _ in range(100):
        temp = folder / f".{name}.{_token()}.tmp"
        try:
            return temp, os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not create a temp file", str(folder))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync(fd: int) -> None:
    full = getattr(__import__("fcntl"), "F_FULLFSYNC", None) if sys.platform == "darwin" else None
    if full is not None:
        import fcntl

        fcntl.fcntl(fd, full)
    else:
        os.fsync(fd)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace(temp: Path, target: Path) -> None:
    """os.replace, retried briefly on Windows where a reader may hold the file open."""
    for attempt in range(10):
        try:
            os.replace(temp, target)
            return
        except PermissionError as exc:
            if os.name != "nt" or getattr(exc, "winerror", None) not in (5, 32) or attempt == 9:
                raise
            time.sleep(0.05 * (attempt + 1))


def _token() -> str:
    """Eight random hex digits for a temp file's name (what `secrets.token_hex(4)` makes, without
    importing `secrets`, `random` and `hmac` into every command)."""
    return os.urandom(4).hex()
