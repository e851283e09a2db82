#!/usr/bin/env python3
"""Build the offline (USB) edition: dist/<name>-offline-<version>.zip

The site is built with Material's offline plugin (KB_OFFLINE=true) and the
search shim served from inside the site; the zip holds the site folder, a
打开方式.txt, manifest.json and SHA256SUMS covering every file.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb.checksums import write_sums  # noqa: E402
from kb.errors import split  # noqa: E402
from kb.offline_package import manifest, write_extras, write_zip  # noqa: E402
from kb.validation import validate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NAME = "tongren-kb"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="生成 U 盘离线版 zip")
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="输出文件夹（默认 dist/）")
    args = parser.parse_args(argv)

    col, problems = validate(ROOT)
    errors, _ = split(problems)
    if errors:
        print("\n".join(str(e) for e in problems))
        print(f"内容校验失败：共 {len(errors)} 个错误，离线版没有生成。", file=sys.stderr)
        return 1
    try:
        commit = git("rev-parse", "HEAD")
        version = git("describe", "--tags", "--always", "--dirty")
        commit_time = int(git("log", "-1", "--format=%ct"))
    except (OSError, subprocess.CalledProcessError):
        print("错误: 需要在 git 仓库中运行（版本号和日期取自提交记录）", file=sys.stderr)
        return 1

    dist = Path(args.dist)
    dist.mkdir(parents=True, exist_ok=True)
    top = f"{NAME}-offline-{version}"
    with tempfile.TemporaryDirectory(dir=dist, prefix=".build-") as scratch:
        folder = Path(scratch) / top
        env = {**os.environ, "KB_OFFLINE": "true", "SOURCE_DATE_EPOCH": str(commit_time), "NO_MKDOCS_2_WARNING": "1"}
        mkdocs = Path(sys.executable).parent / "mkdocs"
        result = subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(folder / "site")],
                                cwd=ROOT, env=env)
        if result.returncode != 0:
            print("错误: 网站生成失败，离线版没有生成", file=sys.stderr)
            return 1
        counts = {"cases": len(col.cases), "courses": len(col.courses), "handbooks": len(col.handbooks)}
        write_extras(folder, manifest(NAME, version, commit, commit_time, counts))
        write_sums(folder)
        target = dist / f"{top}.zip"
        write_zip(folder, target, commit_time)
        count = sum(1 for p in folder.rglob("*") if p.is_file())
    print(f"离线版已生成：{target}（{target.stat().st_size / 1e6:.2f} MB，{count} 个文件）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
