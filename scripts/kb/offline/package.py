"""The offline (USB) edition: its extra files and a reproducible zip.

Two builds of one commit give the same bytes: files in sorted order, every
timestamp taken from the commit, fixed permissions, no build clock.
"""

from __future__ import annotations

import json
import os
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from kb.offline.checksums import scan

HOW_TO_OPEN = """铜仁市农村综合改革人才培训案例库（离线版）
============================================

打开方式
--------
1. 把整个文件夹复制到电脑上（也可以直接在 U 盘里打开）。
2. 双击文件夹里的 index.html（或 site 文件夹里的 index.html），浏览器会打开案例库首页。
3. 不需要网络：页面、图片和搜索都在这个文件夹里。点页面顶部的放大镜即可搜索。

浏览器
------
已测试：Chromium（与谷歌 Chrome、微软 Edge 同一内核），从本地文件直接打开，断网状态下浏览和搜索均正常。
其他浏览器未经测试。

检查拷贝是否完整
----------------
文件夹里的 SHA256SUMS 记录了每个文件的校验值。在装有本项目的电脑上运行：
    python scripts/verify_offline.py 这个文件夹的路径
会逐个列出缺少、多出或被改动的文件。

版本信息见 manifest.json。
"""

REDIRECT = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=site/index.html">
<title>铜仁市农村综合改革人才培训案例库</title></head>
<body><p><a href="site/index.html">打开案例库</a></p></body></html>
"""


# Added to 打开方式.txt when the edition holds changes that are not committed.
UNCOMMITTED = """
注意：未提交的版本
------------------
这份离线版（版本 {version}）是按编辑者电脑上当时的文件生成的，其中有 {count} 个文件
还没有提交（保存为正式版本），所以它不等于任何一个正式版本。文件清单见 manifest.json
（uncommitted_files）。请不要大量分发；正式发放的版本号不带 -dirty。
"""


def write_extras(folder: Path, manifest: dict) -> None:
    guide = HOW_TO_OPEN
    if manifest.get("uncommitted_changes"):
        guide += UNCOMMITTED.format(version=manifest["version"], count=len(manifest.get("uncommitted_files", [])))
    (folder / "打开方式.txt").write_text(guide, encoding="utf-8", newline="\r\n")  # Notepad-friendly
    (folder / "index.html").write_text(REDIRECT, encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                          encoding="utf-8")


def manifest(name: str, version: str, commit: str, commit_time: int, counts: dict[str, int],
             uncommitted: list[str] | tuple = ()) -> dict:
    """With uncommitted changes (changed or new files) the edition is not that
    commit: it names the commit it is based on and those files, never `source_commit`."""
    data = {
        "name": name,
        "edition": "offline",
        "version": version,
        "source_commit": None if uncommitted else commit,
        "build_date": datetime.fromtimestamp(commit_time, timezone.utc).isoformat(),
        "counts": counts,
        "uncommitted_changes": bool(uncommitted),
    }
    if uncommitted:
        data["based_on_commit"] = commit
        data["uncommitted_files"] = sorted(uncommitted)
        data["note"] = "含未提交的修改或新文件：这份离线版不等于任何一个提交"
    return data


def write_zip(folder: Path, target: Path, timestamp: int) -> None:
    """Zip folder (as its own top-level directory) into target, atomically."""
    moment = datetime.fromtimestamp(max(timestamp, 315532800), timezone.utc).timetuple()[:6]  # zip starts in 1980
    tree = scan(folder)  # never follows a symlink: an edition holds none
    if tree.links or tree.special:
        raise ValueError(f"不打包符号链接或特殊文件：{', '.join(tree.links + tree.special)}")
    files = [folder / name for name in tree.files]
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=moment)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.flag_bits |= 0x800  # names are UTF-8 (打开方式.txt on Windows)
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    os.replace(tmp, target)
