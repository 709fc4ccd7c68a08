"""Reading small files safely: only regular files, so a FIFO or device never hangs a command."""

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
