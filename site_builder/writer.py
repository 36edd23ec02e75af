"""The only code that touches the output folder.

It refuses any path that would land outside the folder (a hostile name, a symbolic link
planted in the output), writes each file atomically, skips files whose bytes did not change,
and deletes only files its manifest says it wrote (pelican #731 deleted a user's project).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path, PurePosixPath

from journal.atomic import atomic_write, write_new_quickly

MANIFEST = ".followup-manifest.json"
MANIFEST_VERSION = 1


class OutputError(Exception):
    """The output folder is not one the builder may write to; the message says why and what to do."""


def digest(data: bytes | bytearray) -> str:
    return hashlib.sha256(data).hexdigest()


def check_out(out: Path, root: Path) -> None:
    """Refuse an output folder that is, or contains, the journal, or that holds files we did not write."""
    real_out, real_root = out.resolve(), root.resolve()
    if real_out == real_root or real_root.is_relative_to(real_out):
        raise OutputError(
            f"{out}: the output folder would contain the journal itself; choose a folder such as {root / '_site'}"
        )
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    if out.is_dir() and not (out / MANIFEST).is_file() and any(out.iterdir()):
        raise OutputError(
            f"{out}: the folder is not empty and was not written by 'followup build' (no {MANIFEST}); "
            "choose an empty or new folder so nothing of yours is overwritten or deleted"
        )


def safe_join(out: Path, rel: str, checked: set[Path] | None = None) -> Path:
    """`out/rel`, or OutputError if `rel` could leave `out` (absolute, `..`, backslashes, links).

    `checked` remembers folders already resolved inside `out` during one build (resolving
    costs a system call per path component).
    """
    pure = PurePosixPath(rel)
    if (
        not rel
        or "\\" in rel
        or "\x00" in rel
        or pure.is_absolute()
        or any(part in ("..", ".", "") for part in pure.parts)
        or ":" in pure.parts[0]
    ):
        raise OutputError(f"refusing to write {rel!r}: not a plain path inside the output folder")
    target = out.joinpath(*pure.parts)
    if checked is not None and target.parent in checked:
        return target
    if not target.parent.resolve().is_relative_to(out.resolve()):  # the file itself, if a link, is replaced
        raise OutputError(f"refusing to write {rel!r}: it resolves outside {out} (a symbolic link?)")
    if checked is not None:
        checked.add(target.parent)
    return target


def read_manifest(out: Path) -> dict[str, str]:
    """The files (and their hashes) the previous build wrote; empty when there is none or it is damaged."""
    return read_manifest_inputs(out)[0]


def read_manifest_inputs(out: Path) -> tuple[dict[str, str], str]:
    """The previous build's files and the fingerprint of the inputs it was built from ("" if unknown)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, ""
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}, ""
    inputs = data.get("inputs")
    clean = {str(k): str(v) for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}
    return clean, inputs if isinstance(inputs, str) else ""


class Writer:
    """Collects the build's files; writes only changed bytes and removes what the last build left."""

    def __init__(self, out: Path, previous: dict[str, str] | None = None) -> None:
        self.out = out
        self.previous = read_manifest(out) if previous is None else previous
        self.files: dict[str, str] = {}
        self.written: list[str] = []
        self._folders: set[Path] = set()
        self._checked: set[Path] = set()

    def claim(self) -> None:
        """Mark a new folder as ours before the first page, so a crashed build can be rebuilt over."""
        self.out.mkdir(parents=True, exist_ok=True)
        if not (self.out / MANIFEST).exists():
            self._save_manifest(self.previous)

    def complete(self) -> bool:
        """Every file of the previous build is still there as a plain file (not deleted, not a planted link)."""
        for rel in self.previous:
            try:
                if not stat.S_ISREG(os.lstat(self.out / rel).st_mode):
                    return False
            except OSError:
                return False
        return True

    def keep(self, rel: str) -> None:
        """A file this build produces but did not need to render again (unchanged inputs)."""
        self.files[rel] = self.previous[rel]

    def write(self, rel: str, data: bytes | bytearray) -> bool:
        target = safe_join(self.out, rel, self._checked)
        hashed = digest(data)
        self.files[rel] = hashed
        if self.previous.get(rel) == hashed and _same_size(target, len(data)):
            return False
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        self.written.append(rel)
        _put(target, data, rel in self.previous)
        return True

    def finish(self, inputs: str = "") -> list[str]:
        """Delete files of the previous build that this one no longer has, then save the manifest.

        `inputs` fingerprints what the site was built from, so the next `followup build` with
        nothing changed can stop early.
        """
        removed = []
        for rel in sorted(set(self.previous) - set(self.files)):
            try:
                target = safe_join(self.out, rel)
            except OutputError:
                continue  # a tampered manifest never makes us delete outside the folder
            try:
                target.unlink()
                removed.append(rel)
            except FileNotFoundError:
                continue
            _prune(target.parent, self.out)
        self._save_manifest(self.files, inputs)
        return removed

    def _save_manifest(self, files: dict[str, str], inputs: str = "") -> None:
        manifest = {"version": MANIFEST_VERSION, "inputs": inputs, "files": dict(sorted(files.items()))}
        data = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
        manifest_path = self.out / MANIFEST
        try:
            unchanged = manifest_path.read_bytes() == data
        except OSError:
            unchanged = False
        if not unchanged:
            atomic_write(manifest_path, data, durable=False)


def _put(target: Path, data: bytes | bytearray, existed: bool) -> None:
    if existed:
        _replace_file(target, data)
    else:
        _new_file(target, data)


def _new_file(target: Path, data: bytes | bytearray) -> None:
    """A page the last build did not have: written by `write_new_quickly`, since ten thousand
    pages cannot each pay for `atomic_write`'s care of an existing file's mode and links."""
    try:
        write_new_quickly(target, data)
    except FileExistsError:  # a temp file left by a crashed build that had our process id
        _replace_file(target, data)


def _replace_file(target: Path, data: bytes | bytearray) -> None:
    if target.is_symlink():
        target.unlink()  # never write through a link someone planted in the output
    atomic_write(target, data, durable=False)


def _same_size(path: Path, size: int) -> bool:
    try:
        return os.stat(path).st_size == size and not path.is_symlink()
    except OSError:
        return False


def _prune(folder: Path, out: Path) -> None:
    """Remove folders left empty by a deletion, up to (not including) the output folder."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
