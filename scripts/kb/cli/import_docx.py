"""Import a Word file as a draft case: kb-import FILE [--id ID] (make import FILE=案例.docx [ID=...]).

The conversion is kb.importer (the editing desk calls the same function);
this prints what was written and what could not be carried over. A file that
cannot be imported is one Chinese line on stderr and exit code 1, never a
traceback; nothing is written then.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.cli import ROOT
from kb.importer import ImportFailed, import_docx

MAX_READ = 100 * 1024 * 1024 + 1  # kb.importer.docx_read refuses more; do not read a whole disk image first


def _read(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise ImportFailed(f"「{path}」是文件夹，不是 Word 文件：请写 .docx 文件的路径，例如 FILE=案例.docx")
        with open(path, "rb") as f:
            return f.read(MAX_READ)
    except FileNotFoundError:
        raise ImportFailed(f"找不到文件「{path}」：请检查路径和文件名（含 .docx），"
                           "文件名有空格时请加引号，例如 make import FILE=\"大坝村 案例.docx\"") from None
    except OSError as exc:
        raise ImportFailed(f"无法读取「{path}」：{exc.strerror or exc}") from None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="把 Word 文件（.docx）导入为案例草稿（不会覆盖已有的案例）")
    parser.add_argument("file", help="Word 文件（.docx）的路径")
    parser.add_argument("--id", default="", help="案例 id（可选；不写时按文件名的拼音生成）")
    parser.add_argument("--root", default=str(ROOT), help="项目根目录（默认：本仓库）")
    args = parser.parse_args(argv)
    path = Path(args.file)
    try:
        result = import_docx(_read(path), Path(args.root), args.id.strip() or None, file_name=path.name)
    except ImportFailed as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 1
    folder = f"cases/{result.case_id}/"
    names = "、".join(f[len(folder):] for f in result.files)
    print(f"已从「{path.name}」导入案例草稿 {folder}（status: draft）：{names}")
    print(f"标题：{result.title}")
    if result.report:
        print("以下内容没有完全搬过来，或需要核对（请对照 Word 文件）：")
        for line in result.report:
            print(f"  - {line}")
    print(f"下一步：核对 {folder}case.md 的正文，在 {folder}case.yml 里按来源补上地点、概要（summary）和来源（sources），"
          "保存后运行 make validate；写好并核对来源后把 status 改为 published。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
