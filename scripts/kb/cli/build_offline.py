"""Build the offline (USB) edition: dist/<name>-offline-<version>.zip
(the teacher edition: dist/<name>-offline-teacher-<version>.zip)

The edition is what the working tree holds, as `make site` builds it: the
tracked files and the new ones git does not ignore are copied into a scratch
project (a symlink is refused), so a new case is never left out because it is
not committed yet. When anything differs from the last commit the edition
says so loudly and inside: the version ends in -dirty, manifest.json names
the commit it is based on (not a source commit) and every file that differs,
and 打开方式.txt says it. The site is built by the pipeline in its file://
form (addresses end in .html; search is the site's own and needs no server);
the zip holds the site folder, 打开方式.txt, manifest.json and SHA256SUMS
covering every file.
"""

import argparse
import contextlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from kb.offline.checksums import write_sums
from kb.offline.package import manifest, write_extras, write_zip
from kb.pdf.build import build_pdfs
from kb.cli.build_epub import build_epubs
from kb.cli import ROOT, checked_content
from kb import engines
from kb.pipeline import build_site
from kb.engines import EngineError
from kb.finish.finish import FinishError
from kb.stage.stage import StageError
from kb.render.audience import EDITIONS, TRAINEE, for_teachers

NAME = "tongren-kb"
NEEDED = ["node_modules"]  # installed by npm from package-lock.json, not tracked


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def git_z(*args: str) -> list[str]:
    out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=True).stdout
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def tree_state() -> tuple[list[str], list[str]]:
    """(tracked files with uncommitted changes, untracked files)."""
    changed, untracked = [], []
    entries = iter(git_z("status", "--porcelain=v1", "-z", "--untracked-files=all"))
    for entry in entries:
        code, path = entry[:2], entry[3:]
        if code == "??":
            if path.rstrip("/").split("/")[0] not in NEEDED:
                untracked.append(path)
        else:
            changed.append(path)
            if "R" in code or "C" in code:
                next(entries, None)  # the old name of a rename
    return sorted(changed), sorted(untracked)


def copy_tree(dest: Path, untracked: list[str]) -> list[str]:
    """Copy the tracked files and the untracked ones into dest, as they are
    in the working tree; return the symlinks refused."""
    links = []
    for name in sorted(set(git_z("ls-files", "-z")) | set(untracked)):
        if name.split("/")[0] in NEEDED:
            continue  # linked below from the installed copy
        source = ROOT / name
        try:
            mode = os.lstat(source).st_mode
        except FileNotFoundError:
            continue  # deleted in the working tree: an uncommitted change, reported as such
        if stat.S_ISLNK(mode):
            links.append(name)
            continue
        if not stat.S_ISREG(mode):
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for name in NEEDED:
        if (ROOT / name).is_dir():
            (dest / name).symlink_to(ROOT / name, target_is_directory=True)  # read by the build, never packed
    return links


def shout(lines: list[str]) -> None:
    """A warning nobody scrolls past."""
    bar = "!" * 64
    print("\n".join([bar, *lines, bar]), file=sys.stderr)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="生成 U 盘离线版 zip")
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="输出文件夹（默认 dist/）")
    parser.add_argument("--engine", default=os.environ.get("ENGINE") or engines.DEFAULT, choices=engines.NAMES)
    parser.add_argument("--edition", default=os.environ.get("EDITION") or TRAINEE, choices=EDITIONS,
                        help="trainee（学员版，默认）或 teacher（教师版：文件名带 teacher，只发给教师）")
    args = parser.parse_args(argv)

    try:
        commit = git("rev-parse", "HEAD")
        commit_time = int(git("log", "-1", "--format=%ct"))
        changed, untracked = tree_state()
        version = git("describe", "--tags", "--always")
    except (OSError, subprocess.CalledProcessError, ValueError):
        print("错误: 需要在 git 仓库中运行，并且至少有一次提交（版本号和日期取自提交记录）", file=sys.stderr)
        return 1
    if changed or untracked:
        version += "-dirty"
        shout(["注意：工作区有未提交的修改或新文件，它们都打包进了这份离线版，",
               "所以它不等于任何一个提交。版本号标为「" + version + "」，manifest.json 里",
               "source_commit 为空、uncommitted_files 列出这些文件，打开方式.txt 里也写明了：",
               *(f"    修改: {name}" for name in changed[:30]),
               *(f"    新文件: {name}" for name in untracked[:30]),
               *([f"    ……共 {len(changed) + len(untracked)} 个"] if max(len(changed), len(untracked)) > 30 else []),
               "正式发放前请先提交，再生成一次（版本号就不带 -dirty）：",
               '    git add -A && git commit -m "说明这次改了什么" && make offline'])

    dist = Path(args.dist)
    dist.mkdir(parents=True, exist_ok=True)
    top = f"{NAME}-offline-teacher-{version}" if for_teachers(args.edition) else f"{NAME}-offline-{version}"
    with tempfile.TemporaryDirectory(dir=dist, prefix=".build-") as scratch:
        project = Path(scratch) / "project"
        links = copy_tree(project, untracked)
        if links:
            print("\n".join(f"{name}:1:1: 错误: 离线版不打包符号链接：请换成文件本身" for name in links))
            print("离线版没有生成。", file=sys.stderr)
            return 1
        col = checked_content(project, "离线版")
        if col is None:
            return 1
        folder = Path(scratch) / top
        env = {**os.environ, "KB_OFFLINE": "true", "SOURCE_DATE_EPOCH": str(commit_time), "KB_VERSION": version,
               "NO_MKDOCS_2_WARNING": "1"}
        # The print editions travel with the site (site/pdf/), linked from their pages.
        pdf_dir = Path(scratch) / "pdf"
        pdfs = build_pdfs(col, project, pdf_dir, version, "A4", edition=args.edition)
        with _environment({"SOURCE_DATE_EPOCH": str(commit_time)}):  # the phone books, beside the PDFs
            for book in build_epubs(col, project, Path(scratch) / "epub", version):
                shutil.copyfile(book, pdf_dir / book.name)
                pdfs.append((book.name, 0))
        env["KB_PDF_DIR"] = str(pdf_dir)
        try:
            with _environment(env):
                build_site(project, folder / "site", args.engine, offline=True, work=Path(scratch) / "work",
                           edition=args.edition)
        except (StageError, EngineError, FinishError) as error:
            print(error, file=sys.stderr)
            print("错误: 网站生成失败，离线版没有生成", file=sys.stderr)
            return 1
        counts = {"cases": len(col.cases), "courses": len(col.courses), "handbooks": len(col.handbooks)}
        about = manifest(NAME, version, commit, commit_time, counts, changed + untracked)
        about["pdfs"] = sorted(f"site/pdf/{path}" for path, _ in pdfs)
        about["audience"] = args.edition  # trainee, or teacher: never to be handed to trainees
        write_extras(folder, about)
        try:
            write_sums(folder)
            target = dist / f"{top}.zip"
            write_zip(folder, target, commit_time)
        except ValueError as exc:
            print(f"错误: {exc}", file=sys.stderr)
            return 1
        count = sum(1 for p in folder.rglob("*") if p.is_file())
    print(f"离线版已生成：{target}（{target.stat().st_size / 1e6:.2f} MB，{count} 个文件）"
          + ("。注意：含未提交的修改或新文件，版本号带 -dirty，见上方说明" if changed or untracked else ""))
    return 0


@contextlib.contextmanager
def _environment(values: dict):
    """The edition's version and date for the build (kb.offline.edition reads them)."""
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


if __name__ == "__main__":
    sys.exit(main())
