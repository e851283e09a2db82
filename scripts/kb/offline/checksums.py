"""SHA256SUMS for a copied folder: write it, and check a copy against it.

The format is sha256sum's ("<hex>  <path>"), so `sha256sum -c SHA256SUMS`
also works where coreutils exist; paths use "/" and are relative to the
folder that holds SHA256SUMS.

A copy is trusted only if it holds plain files and folders: a symlink (say
site/etc -> /etc, or a page swapped for a link) is damage, never followed,
and so is a SHA256SUMS line naming a path outside the folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

SUMS = "SHA256SUMS"
HEX = re.compile(r"^[0-9a-f]{64}$")


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Tree:
    files: list[str] = field(default_factory=list)     # plain files, "/"-separated, sorted
    links: list[str] = field(default_factory=list)     # symlinks (to files or folders)
    special: list[str] = field(default_factory=list)   # FIFOs, devices, sockets


def scan(folder: Path) -> Tree:
    """Everything under folder, without following any symlink."""
    tree = Tree()
    for here, dirs, names in os.walk(folder):  # os.walk does not enter symlinked folders
        for name in dirs + names:
            path = Path(here) / name
            rel = path.relative_to(folder).as_posix()
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                tree.links.append(rel)
            elif stat.S_ISREG(mode):
                tree.files.append(rel)
            elif not stat.S_ISDIR(mode):
                tree.special.append(rel)
    tree.files.sort()
    tree.links.sort()
    tree.special.sort()
    return tree


def all_files(folder: Path) -> list[str]:
    """Every plain file under folder except the top-level SHA256SUMS itself."""
    return [n for n in scan(folder).files if n != SUMS]


def write_sums(folder: Path) -> str:
    tree = scan(folder)
    if tree.links or tree.special:
        raise ValueError(f"离线版里不能有符号链接或特殊文件：{', '.join(tree.links + tree.special)}")
    text = "".join(f"{file_hash(folder / name)}  {name}\n" for name in tree.files if name != SUMS)
    (folder / SUMS).write_text(text, encoding="utf-8", newline="\n")
    return text


@dataclass
class Report:
    missing: list[str]
    extra: list[str]
    changed: list[str]
    problem: str | None = None  # SHA256SUMS itself unreadable or not trustworthy
    links: list[str] = field(default_factory=list)    # symlinks: never part of an edition
    special: list[str] = field(default_factory=list)  # FIFOs, devices

    @property
    def intact(self) -> bool:
        return not (self.missing or self.extra or self.changed or self.problem or self.links or self.special)


def unsafe_name(name: str) -> bool:
    """A listed path that would lead out of the folder (or is no path at all)."""
    parts = name.replace("\\", "/").split("/")
    return (not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) is not None
            or any(part in ("", ".", "..") for part in parts))


def verify(folder: Path) -> Report:
    sums_path = folder / SUMS
    if sums_path.is_symlink():
        return Report([], [], [], f"{SUMS} 是符号链接：校验文件已被替换，不能信任这份拷贝")
    try:
        lines = sums_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return Report([], [], [], f"找不到或无法读取 {SUMS}：这不是完整的离线版文件夹，或校验文件已损坏")
    expected: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        digest, sep, name = line.partition("  ")
        if not sep or not HEX.match(digest):
            return Report([], [], [], f"{SUMS} 第 {number} 行格式不对：校验文件已损坏")
        if unsafe_name(name):
            return Report([], [], [], f"{SUMS} 第 {number} 行的路径「{name}」指向离线版文件夹之外："
                                      f"校验文件已被改动，不能信任这份拷贝")
        expected[name] = digest
    tree = scan(folder)
    present = set(tree.files) - {SUMS}
    missing = sorted(n for n in expected if n not in present and n not in tree.links)
    extra = sorted(present - set(expected))
    changed = sorted(n for n in expected if n in present and file_hash(folder / n) != expected[n])
    return Report(missing, extra, changed, links=tree.links, special=tree.special)
