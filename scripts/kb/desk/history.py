"""历史: every publish is a git commit with the organiser's name and message,
so versions can be listed, compared and restored with git underneath."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kb.desk.items import DeskError

# What the desk edits and a version holds: content, never build output.
CONTENT_PATHS = ["cases", "courses", "handbooks", "docs", "sources.yml", "glossary.yml", "intros.yml",
                 "programme.yml", "synonyms.yml"]
FIELD_SEP, RECORD_SEP = "\x1f", "\x1e"


def git(root: Path, *args: str, check: bool = True, env: dict | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise DeskError(f"git 出错：{(result.stderr or result.stdout).strip()[:400]}", 500)
    return result.stdout


# A refused save's draft is work in progress, never part of a version.
EXCLUDE = [":(exclude,glob)**/*.draft", ":(exclude,glob)*.draft"]


def present(root: Path) -> list[str]:
    return [p for p in CONTENT_PATHS if (root / p).exists()]


def identity(user: str) -> list[str]:
    safe = "".join(ch for ch in user if ch.isalnum() or ch in "._-") or "organiser"
    return ["-c", f"user.name={user}", "-c", f"user.email={safe}@desk.invalid"]


def changed_files(root: Path) -> list[str]:
    out = git(root, "status", "--porcelain=v1", "--untracked-files=all", "--", *present(root), *EXCLUDE)
    return sorted(line[3:] for line in out.splitlines() if line.strip())


def save_version(root: Path, user: str, message: str) -> str | None:
    """Commit every content change as one version; None if nothing changed."""
    if not changed_files(root):
        return None
    git(root, "add", "-A", "--", *present(root), *EXCLUDE)
    git(root, *identity(user), "commit", "-q", "-m", message.strip() or "编辑台保存")
    return git(root, "rev-parse", "HEAD").strip()


def versions(root: Path, limit: int = 100) -> list[dict]:
    fmt = FIELD_SEP.join(["%H", "%an", "%ad", "%s"]) + RECORD_SEP
    out = git(root, "log", f"-{limit}", f"--format={fmt}", "--date=format:%Y-%m-%d %H:%M", "--", *present(root))
    found = []
    for record in out.split(RECORD_SEP):
        parts = record.strip("\n").split(FIELD_SEP)
        if len(parts) == 4:
            found.append({"rev": parts[0], "author": parts[1], "date": parts[2], "message": parts[3]})
    return found


def _rev(root: Path, rev: str) -> str:
    if not rev or len(rev) > 64 or not all(c in "0123456789abcdef" for c in rev):
        raise DeskError("版本号不对", 404)
    known = git(root, "rev-parse", "--verify", "--quiet", rev + "^{commit}", check=False).strip()
    if not known:
        raise DeskError("没有这个版本", 404)
    return known


def changes(root: Path, rev: str) -> dict:
    """What one version changed: the files and the lines."""
    rev = _rev(root, rev)
    stat = git(root, "show", "--format=", "--numstat", rev, "--", *present(root))
    files = []
    for line in stat.splitlines():
        added, removed, path = (line.split("\t", 2) + ["", "", ""])[:3]
        files.append({"path": path, "added": added, "removed": removed})
    diff = git(root, "show", "--format=", "--no-color", "--unified=2", rev, "--", *present(root))
    return {"rev": rev, "files": files, "diff": diff[:200_000], "cut": len(diff) > 200_000}


def restore(root: Path, rev: str, user: str) -> dict:
    """Make the content as it was in a version, as a new version: unsaved
    work is saved as a version first, so nothing is lost."""
    rev = _rev(root, rev)
    before = save_version(root, user, "恢复旧版本前自动保存的修改")
    subject = git(root, "log", "-1", "--format=%ad %s", "--date=format:%Y-%m-%d %H:%M", rev).strip()
    git(root, "restore", f"--source={rev}", "--staged", "--worktree", "--", *present(root))
    after = save_version(root, user, f"恢复到 {subject}")
    return {"saved_first": before, "rev": after}
