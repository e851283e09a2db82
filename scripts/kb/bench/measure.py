"""Timing and memory of whole processes, measured from outside, and sizes."""

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
# peak memory (the largest resident set of any process in its tree).
_WRAPPER = """
import json, resource, subprocess, sys
code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=open(sys.argv[1] + ".err", "w")).returncode
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
json.dump({"code": code, "peak_kb": peak_kb}, open(sys.argv[1], "w"))
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float


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
    return Run(seconds, result["peak_kb"] / 1024)


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
