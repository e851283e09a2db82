"""make serve: the finished site on http://127.0.0.1:PORT, rebuilt (all three
stages) whenever content, templates or code change. A failed rebuild keeps
the last good site and prints why."""

from __future__ import annotations

import functools
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kb.pipeline import build_site
from kb.render.audience import TRAINEE

WATCHED = ("cases", "courses", "handbooks", "docs", "overrides", "scripts/kb", "programme.yml", "sources.yml",
           "glossary.yml", "intros.yml", "mkdocs.yml")
QUIET_SECONDS = 0.5  # editors write a file in several steps: wait for quiet


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # one line per request would bury the build messages
        pass


def _snapshot(root: Path) -> dict:
    state = {}
    for name in WATCHED:
        path = root / name
        paths = [path] if path.is_file() else (path.rglob("*") if path.is_dir() else [])
        for p in paths:
            try:
                if p.is_file() and "__pycache__" not in p.parts:
                    state[str(p)] = p.stat().st_mtime_ns
            except OSError:
                continue
    return state


def serve(root: Path, site: Path, engine: str, port: int, edition: str = TRAINEE) -> int:
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"预览地址：http://127.0.0.1:{port}/ （修改内容后自动重新生成；按 Ctrl+C 停止）")
    seen = _snapshot(root)
    try:
        while True:
            time.sleep(1)
            now = _snapshot(root)
            if now == seen:
                continue
            time.sleep(QUIET_SECONDS)
            seen = _snapshot(root)
            try:
                build_site(root, site, engine, edition=edition)
                print(time.strftime("%H:%M:%S"), "已重新生成网站")
            except Exception as error:  # the message is the organiser's; the server keeps the old site
                print(error, file=sys.stderr)
    except KeyboardInterrupt:
        server.shutdown()
    return 0
