"""Files safely: read only regular files (a FIFO or device never hangs a command), and check
that a path kjournal is about to write lies inside the journal."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotARegularFile(OSError):
    """The path is a FIFO, device, socket or folder: kjournal never opens those for reading."""


def read_regular_text(path: Path, limit: int = 4 * 1024 * 1024) -> str:
    """The text of a regular file (UTF-8, undecodable bytes replaced), opened without blocking
    so that a FIFO in its place is refused instead of waited on. Raises OSError (FileNotFound,
    NotARegularFile, ...)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(0, "not a regular file", str(path))
        if info.st_size > limit:
            raise NotARegularFile(0, f"larger than {limit // (1024 * 1024)} MB", str(path))
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks).decode("utf-8", errors="replace")


def inside(root: Path, path: Path) -> bool:
    """True when `path` lies inside `root` (or is root) once every '..' and every symbolic link
    along either is resolved, as the system will when the file is opened. A name such as
    `drafts/scale-x/../../../outside` or a link in the journal that points out of it is False,
    so a write there can be refused before anything is created or chmod-ed on the way."""
    try:
        real_root = Path(os.path.realpath(root))
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):  # a NUL in the name, a path too long to resolve
        return False
    return real == real_root or real.is_relative_to(real_root)
