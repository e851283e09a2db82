"""Reading content files as organisers save them: UTF-8, maybe with a BOM."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, display_path


@dataclass(frozen=True)
class TextFile:
    path: Path
    shown_path: str
    text: str

    @classmethod
    def read(cls, path: Path, root: Path, limit: int) -> tuple["TextFile | None", list[ContentError]]:
        shown = display_path(path, root)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return None, [ContentError(shown, 1, 1, f"无法读取文件：{exc.strerror}")]
        if len(raw) > limit:
            return None, [ContentError(shown, 1, 1,
                                       f"文件过大（{len(raw) // 1024} KB，上限 {limit // 1024} KB）：请拆分内容或删去无关部分")]
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
        return cls(path, shown, text.replace("\r\n", "\n").replace("\r", "\n")), []
