"""A fresh clone must start: the tree check refuses links out of the repository and machine paths."""

import subprocess
from pathlib import Path

from shiliu.core.treecheck import main, problems


def git_repo(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(path)], check=True)  # noqa: S603, S607
    return path


def track(repo: Path) -> None:
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)  # noqa: S603, S607


def test_a_clean_tree_passes(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "project")
    (repo / "README.md").write_text("Run `make run`, then open ../shared/data.\n")
    (repo / "link").symlink_to("README.md")  # a link inside the repository is fine
    track(repo)

    assert problems(repo) == []
    assert main(["treecheck", str(repo)]) == 0


def test_a_symlink_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    repo = git_repo(tmp_path / "project")
    (repo / ".venv").symlink_to(tmp_path / "elsewhere")
    (repo / "up").symlink_to("../elsewhere")
    track(repo)

    found = problems(repo)

    assert any(line.startswith(".venv: a symlink") for line in found)
    assert any(line.startswith("up: a symlink") for line in found)
    assert main(["treecheck", str(repo)]) == 1


def test_a_text_file_naming_the_build_machine_is_refused(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "project")
    (repo / "docs").mkdir()
    (repo / "docs" / "notes.md").write_text(f"ok\nthe data lives in {tmp_path}/shared/data\n")
    (repo / "photo.bin").write_bytes(b"\0" + str(tmp_path).encode())  # binary files are not read
    track(repo)

    found = problems(repo)

    assert found == [f"docs/notes.md:2: names {tmp_path}/, a path of this machine"]
