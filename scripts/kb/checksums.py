"""SHA256SUMS for a copied folder: write it, and check a copy against it.

The format is sha256sum's ("<hex>  <path>"), so `sha256sum -c SHA256SUMS`
also works where coreutils exist; paths use "/" and are relative to the
folder that holds SHA256SUMS.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

SUMS = "SHA256SUMS"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def all_files(folder: Path) -> list[str]:
    """Every file under folder except the top-level SHA256SUMS itself."""
    names = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return sorted(n for n in names if n != SUMS)


def write_sums(folder: Path) -> str:
    text = "".join(f"{file_hash(folder / name)}  {name}\n" for name in all_files(folder))
    (folder / SUMS).write_text(text, encoding="utf-8", newline="\n")
    return text


@dataclass
class Report:
    missing: list[str]
    extra: list[str]
    changed: list[str]
    problem: str | None = None  # SHA256SUMS itself unreadable

    @property
    def intact(self) -> bool:
        return not (self.missing or self.extra or self.changed or self.problem)


def verify(folder: Path) -> Report:
    sums_path = folder / SUMS
    try:
        lines = sums_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return Report([], [], [], f"找不到或无法读取 {SUMS}：这不是完整的离线版文件夹，或校验文件已损坏")
    expected: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            return Report([], [], [], f"{SUMS} 第 {number} 行格式不对：校验文件已损坏")
        expected[name] = digest
    present = set(all_files(folder))
    missing = sorted(n for n in expected if n not in present)
    extra = sorted(present - set(expected))
    changed = sorted(n for n in expected if n in present and file_hash(folder / n) != expected[n])
    return Report(missing, extra, changed)
