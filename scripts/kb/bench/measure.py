"""Time (wall and CPU) and memory of whole processes, measured from outside, and sizes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Runs the command as its only child, so RUSAGE_CHILDREN is that command's
# peak memory (the largest resident set of any process in its tree) and its
# CPU time (user + system of every process in the tree that was waited for,
# all threads included).
_WRAPPER = """
import json, resource, subprocess, sys
code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=open(sys.argv[1] + ".err", "w")).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"code": code, "peak_kb": usage.ru_maxrss, "cpu_s": usage.ru_utime + usage.ru_stime}, open(sys.argv[1], "w"))
"""


@dataclass
class Run:
    seconds: float  # wall clock
    peak_mb: float  # largest resident set of one process of the tree
    cpu_s: float = 0.0  # user + system of the whole tree: the figure that holds on a shared machine


class CommandFailed(RuntimeError):
    pass


def measure(cmd: list[str], cwd: Path, env: dict | None = None) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        result_file = Path(tmp) / "result.json"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _WRAPPER, str(result_file), *cmd], cwd=cwd,
                       env={**os.environ, **(env or {})}, check=True)
        seconds = time.perf_counter() - start
        result = json.loads(result_file.read_text())
        if result["code"] != 0:
            errors = Path(str(result_file) + ".err").read_text(errors="replace")[-3000:]
            raise CommandFailed(f"{' '.join(cmd)} exited {result['code']}:\n{errors}")
    return Run(seconds, result["peak_kb"] / 1024, result["cpu_s"])


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def index_bytes(site: Path) -> int:
    """Our search index: every file the finish pass writes into site/search/."""
    return sum(p.stat().st_size for p in (site / "search").glob("*.js"))
