"""`python -m shiliu.core.treecheck [ROOT]`: refuse a tree that only works on the machine it was built on.

A fresh clone must start. Two things stop it and slip past review: a tracked symlink that points
outside the repository (a `.venv` link came in with a merge once), and a tracked text file that
names an absolute path of the build machine (its checkout folder, the folder above it, or the home
directory). `make test` runs this first and stops with the offending paths.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def tracked_entries(root: Path) -> list[tuple[str, str]]:
    """(mode, path) of every file git tracks under root."""
    out = subprocess.run(  # noqa: S603 - fixed argv, no shell
        ["git", "-C", str(root), "ls-files", "-s", "-z"],  # noqa: S607 - git from PATH, like make
        check=True,
        capture_output=True,
    ).stdout.decode()
    entries = []
    for record in out.split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        entries.append((meta.split()[0], path))
    return entries


def machine_paths(root: Path) -> list[str]:
    """Absolute paths that belong to this machine rather than to the project."""
    candidates = {str(root.resolve()), str(root.resolve().parent)}
    home = os.environ.get("HOME", "")
    if home:
        candidates.add(home)
    return sorted(p.rstrip("/") + "/" for p in candidates if p not in ("", "/"))


def problems(root: Path) -> list[str]:
    root = root.resolve()
    paths = machine_paths(root)
    found = []
    for mode, name in tracked_entries(root):
        file = root / name
        if mode == "120000":
            target = os.readlink(file) if file.is_symlink() else ""
            resolved = (file.parent / target).resolve()
            if os.path.isabs(target) or not resolved.is_relative_to(root):
                found.append(f"{name}: a symlink to {target}, outside the repository")
            continue
        if not file.is_file():
            continue
        data = file.read_bytes()
        if b"\0" in data[:8192]:
            continue  # binary
        text = data.decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for path in paths:
                if path in line:
                    found.append(f"{name}:{number}: names {path}, a path of this machine")
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path.cwd()
    found = problems(root)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print("A fresh clone would not work: fix the lines above.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
