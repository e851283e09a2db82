"""make stage / make site / make serve: the three stages, in order.

    stage   build/stage/      (engine-free: validate, render, copy, config)
    engine  build/engine/     (MkDocs + Material, or Zensical, with no hook of ours)
    finish  site/             (our pass over every byte; kb.finish.finish)

Each writes beside its folder and swaps it in, so a failed build keeps the
last good site/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from kb import engines
from kb.engines import EngineError
from kb.finish.finish import FinishError, finish
from kb.pipeline import build_site
from kb.stage.stage import StageError, stage
from kb.render.audience import EDITIONS, TRAINEE, for_teachers, site_folder, work_folder


def _arguments(argv):
    parser = argparse.ArgumentParser(description="生成网站：stage → engine → finish")
    parser.add_argument("command", choices=["stage", "engine", "finish", "site", "serve"], nargs="?", default="site")
    parser.add_argument("--engine", default=os.environ.get("ENGINE") or engines.DEFAULT, choices=engines.NAMES)
    parser.add_argument("--edition", default=os.environ.get("EDITION") or TRAINEE, choices=EDITIONS,
                        help="trainee（学员版，默认）或 teacher（教师版：加上教学说明，写入 site-teacher/）")
    parser.add_argument("--site-dir", help="输出文件夹（默认 site/；教师版 site-teacher/）")
    parser.add_argument("--offline", action="store_true", help="U 盘版：页面地址以 .html 结尾，可从 file:// 打开")
    parser.add_argument("--root", default=".")
    parser.add_argument("--work", help="中间结果的文件夹（默认 build/）")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = _arguments(argv)
    root = Path(args.root).resolve()
    site_dir = args.site_dir or site_folder(args.edition)
    try:
        work = Path(args.work).resolve() if args.work else work_folder(root, args.edition)
        if args.command == "stage":
            stage(root, work / "stage", engines.get(args.engine), offline=args.offline, edition=args.edition)
            print(f"已准备好：{work / 'stage'}")
            return 0
        if args.command in ("engine", "finish"):  # one stage alone, on the folders the previous one left
            engine = engines.get(args.engine)
            if args.command == "engine":
                shutil.rmtree(work / "engine", ignore_errors=True)
                engine.build((work / "stage").resolve(), (work / "engine").resolve())
            else:
                finish(work / "stage", work / "engine", root / site_dir, engine)
            return 0
        started = time.monotonic()
        out = build_site(root, root / site_dir, args.engine, args.offline, work, args.edition)
    except (StageError, EngineError, FinishError) as error:
        print(error, file=sys.stderr)
        return 1
    pages = sum(1 for f in out["files"].values() if f["kind"] == "page")
    which = "教师版" if for_teachers(args.edition) else "学员版"
    print(f"网站已生成（{which}）：{site_dir}/（{pages} 个页面，引擎 {args.engine}，{time.monotonic() - started:.1f} 秒）")
    if args.command == "serve":
        from kb.cli.serve import serve
        return serve(root, root / site_dir, args.engine, args.port, args.edition)
    return 0


if __name__ == "__main__":
    sys.exit(main())
