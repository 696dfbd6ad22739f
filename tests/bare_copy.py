"""A copy of the repository's own files into an empty folder: what a fresh clone holds.

The fast tests are run in such a copy (``make test-copy``), with nothing
beside it, to prove that no test reads a file from outside the repository;
the wheel test builds its wheel from one, so nothing left in the working
tree (``build/``, caches) can slip into the package.

``python -m tests.bare_copy DEST`` makes the copy from the command line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .repository import ROOT


def repository_files(root: Path = ROOT) -> list[str]:
    """Tracked files, plus new ones not yet added (unless ignored), as they are on disk."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    # A tracked file deleted in the working tree is not part of what is tested.
    return sorted({name for name in listed.split("\0") if name and (root / name).is_file()})


def copy_repository(destination: Path, root: Path = ROOT) -> Path:
    """Copy the repository's files to ``destination`` (which must not exist yet)."""
    destination.mkdir(parents=True)
    for name in repository_files(root):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target, follow_symlinks=False)
    return destination


if __name__ == "__main__":
    copy_repository(Path(sys.argv[1]))
