"""Reading content files as organisers save them: UTF-8, maybe with a BOM.

A content file must be a real file inside the project: a symlink could
publish /etc/passwd, a FIFO would hang the build and /dev/zero would fill the
memory, so those are refused before they are opened (a hard link too: it is
the same file as one that may lie outside), and the size is checked
(stat) before anything is read. Characters nobody can see (control
characters, direction overrides, zero-width spaces) are reported with their
line and column: they crash YAML, hide text or break ids.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from kb.content.errors import ContentError, display_path, warning

KINDS = ((stat.S_ISDIR, "文件夹"), (stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISCHR, "设备文件"),
         (stat.S_ISBLK, "设备文件"), (stat.S_ISSOCK, "套接字"))

# Never meant in a text file: C0 controls but tab and line ends, DEL, C1
# controls, non-characters (U+FFFE, U+FDD0...) and direction overrides, which
# show text in another order than it is stored.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                       "\U0001fffe\U0001ffff\U0010fffe\U0010ffff\u202a-\u202e\u2066-\u2069]")
# Legal but almost surely pasted by accident: zero-width characters, marks of
# direction, a BOM in the middle of the text, the soft hyphen.
INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
NAMES = {"\x07": "响铃符", "\x08": "退格符", "\x0b": "垂直制表符", "\x0c": "换页符", "\x1b": "ESC 控制符",
         "\x7f": "删除符", "\ufffe": "非字符", "\u202e": "从右到左覆盖符", "\u202d": "从左到右覆盖符",
         "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\u200e": "从左到右标记",
         "\u200f": "从右到左标记", "\u2060": "零宽不换行符", "\ufeff": "文件中间的 BOM（零宽不换行空格）",
         "\u00ad": "软连字符"}
MAX_REPORTS = 10  # per file: a pasted block can hold thousands of them


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in Chinese, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in KINDS if test(mode)), "特殊文件")


def outside_problem(path: Path, root: Path, expect_dir: bool = False) -> str | None:
    """Why path may not be used as content (a Chinese message naming it), or None.

    Checked without opening it: a symlink (even one pointing inside the
    project: the next copy may not), something that is not a plain file (or
    folder), or a path whose parents lead outside the project."""
    shown = display_path(path, root)
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"无法读取「{shown}」：{exc.strerror}"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return (f"「{shown}」是符号链接（快捷方式，指向 {target}）：内容只能是项目里的真实文件或文件夹，"
                f"不能链接到别处。请把它删掉，换成文件本身")
    kind = "文件夹" if stat.S_ISDIR(info.st_mode) else special_kind(info.st_mode)
    if kind != ("文件夹" if expect_dir else None):
        wanted = "文件夹" if expect_dir else "普通文本文件"
        return f"「{shown}」不是{wanted}（它是{kind or '普通文件'}）：请换成{wanted}"
    if not expect_dir and info.st_nlink > 1:
        return hard_link_message(shown, info.st_nlink)
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return f"「{shown}」实际位于项目文件夹之外：上级文件夹是指向别处的链接。内容必须放在项目里"
    return None


def hard_link_message(shown: str, links: int) -> str:
    """A hard link is the same file as another name, maybe outside the
    project (ln /etc/hostname docs/x.txt): it would be published like a copy."""
    return (f"「{shown}」是硬链接（同一个文件还有 {links - 1} 个别的名字，可能在项目之外）："
            f"内容只能是项目里独立的文件。请删掉它，把原文件复制（不是链接）到这里")


def _position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def invisible_problems(text: str, shown: str) -> list[ContentError]:
    """Errors for forbidden characters, warnings for invisible ones."""
    problems: list[ContentError] = []
    for pattern, make in ((FORBIDDEN, ContentError), (INVISIBLE, warning)):
        matches = pattern.finditer(text) if pattern.search(text) else ()
        for count, match in enumerate(matches):
            if count == MAX_REPORTS:
                rest = len(pattern.findall(text, match.start()))
                line, col = _position(text, match.start())
                problems.append(make(shown, line, col, f"从这里起还有 {rest} 个同类看不见的字符：请一并删除"))
                break
            char = match.group()
            line, col = _position(text, match.start())
            name = NAMES.get(char, "控制字符")
            if make is ContentError:
                message = (f"这里有看不见的{name} U+{ord(char):04X}（常见于从网页、Word 或 PDF 复制的文字）："
                           f"请删除它")
            else:
                message = (f"这里有看不见的{name} U+{ord(char):04X}：它会让搜索和链接出错，"
                           f"除非确有需要，请删除它")
            problems.append(make(shown, line, col, message))
    return problems


@dataclass(frozen=True)
class TextFile:
    path: Path
    shown_path: str
    text: str

    @classmethod
    def read(cls, path: Path, root: Path, limit: int) -> tuple["TextFile | None", list[ContentError]]:
        """The file's text (None when it cannot be used) and its problems;
        warnings alone leave the text usable."""
        shown = display_path(path, root)
        problem = outside_problem(path, root)
        if problem:
            return None, [ContentError(shown, 1, 1, problem)]
        too_big = ContentError(shown, 1, 1, "文件过大（{} KB，上限 {} KB）：请拆分内容或删去无关部分")
        try:
            # O_NOFOLLOW and O_NONBLOCK: if the file was swapped for a link or
            # a FIFO since the check above, fail instead of following or waiting.
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
            with os.fdopen(os.open(path, flags), "rb") as f:
                info = os.fstat(f.fileno())
                if special_kind(info.st_mode):
                    return None, [ContentError(shown, 1, 1, f"「{shown}」不是普通文本文件：请换成普通文本文件")]
                if info.st_nlink > 1:
                    return None, [ContentError(shown, 1, 1, hard_link_message(shown, info.st_nlink))]
                if info.st_size > limit:
                    return None, [_sized(too_big, info.st_size, limit)]
                raw = f.read(limit + 1)  # bounded, even if the file grows meanwhile
        except OSError as exc:
            return None, [ContentError(shown, 1, 1, f"无法读取文件：{exc.strerror}")]
        if len(raw) > limit:
            return None, [_sized(too_big, len(raw), limit)]
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # Windows Notepad's BOM: harmless, drop it
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            return None, [ContentError(shown, line, column,
                                       "文件不是 UTF-8 编码（可能是在 Windows 上以 GBK/ANSI 保存的）。"
                                       "请在编辑器中用「另存为」选择 UTF-8 编码后再保存")]
        if "\x00" in text:
            return None, [ContentError(shown, 1, 1, "文件含有空字符，不是文本文件")]
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        problems = invisible_problems(text, shown)
        if any(not p.is_warning for p in problems):
            return None, problems
        return cls(path, shown, text), problems


def _sized(template: ContentError, size: int, limit: int) -> ContentError:
    return ContentError(template.path, 1, 1, template.message.format(size // 1024, limit // 1024))
