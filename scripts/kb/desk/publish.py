"""发布: save a version, then build the site, the PDFs and the USB edition,
one step after another, with a log the desk shows as it grows.

The version is saved first, so the USB edition is built from committed
content and is never marked -dirty (kb.cli.build_offline)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from kb.check.validation import validate
from kb.content.errors import split
from kb.desk.history import save_version


def _command(module: str, *args: str) -> list[str]:
    # The same Python as the desk: .venv's, with the kb package.
    return [sys.executable, "-c", f"import sys; from kb.cli.{module} import main; sys.exit(main(sys.argv[1:]))", *args]


# name -> (what the progress bar says, the command); run with the project as cwd.
STEPS = {
    "site": ("生成网站（学员版）", _command("site", "site", "--root", ".")),
    "teacher": ("生成网站（教师版）", _command("site", "site", "--root", ".", "--edition", "teacher")),
    "pdf": ("生成 PDF", _command("build_pdf", "--root", ".", "--quiet")),
    # The USB edition packs the working tree of the repository it belongs to (kb.cli.ROOT).
    "offline": ("生成 U 盘离线版", _command("build_offline")),
}


def steps_for(root: Path, names=None) -> list[tuple[str, list[str]]]:
    from kb.cli import ROOT

    names = list(STEPS) if names is None else names
    return [STEPS[n] for n in names if n != "offline" or root.resolve() == ROOT.resolve()]


@dataclass
class Job:
    id: str
    user: str
    steps: list[str]
    done: int = 0
    state: str = "running"     # running, done, failed
    log: list[str] = field(default_factory=list)
    version: str | None = None
    started: float = field(default_factory=time.time)

    def view(self) -> dict:
        return {"id": self.id, "state": self.state, "done": self.done, "total": len(self.steps) + 2,
                "steps": ["校验全部内容", "保存版本", *self.steps], "log": "\n".join(self.log[-400:]),
                "version": self.version, "seconds": round(time.time() - self.started, 1)}


class Publisher:
    """One publish at a time: a second click while one runs gets that one."""

    def __init__(self, root: Path, steps=None):
        self.root = root
        self.steps = steps_for(root) if steps is None else steps
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.running: Job | None = None

    def start(self, user: str, message: str) -> Job:
        with self.lock:
            if self.running and self.running.state == "running":
                return self.running
            job = Job(uuid.uuid4().hex[:12], user, [name for name, _ in self.steps])
            self.jobs[job.id] = self.running = job
        threading.Thread(target=self._run, args=(job, message), daemon=True).start()
        return job

    def _run(self, job: Job, message: str) -> None:
        try:
            job.log.append("校验全部内容……")
            _, problems = validate(self.root)
            errors, warnings = split(problems)
            job.log += [str(p) for p in errors[:50]]
            if errors:
                job.log.append(f"有 {len(errors)} 处错误，没有发布：请先改正（列表里标红的内容）")
                job.state = "failed"
                return
            job.log.append(f"校验通过（{len(warnings)} 处提醒）")
            job.done = 1
            job.version = save_version(self.root, job.user, message or "发布")
            job.log.append(f"已保存版本 {job.version[:8]}" if job.version else "内容没有改动，沿用上一个版本")
            job.done = 2
            for name, command in self.steps:
                job.log.append(f"—— {name} ——")
                process = subprocess.Popen(command, cwd=self.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                           text=True, bufsize=1)
                for line in process.stdout:
                    job.log.append(line.rstrip("\n"))
                if process.wait() != 0:
                    job.log.append(f"「{name}」失败（退出码 {process.returncode}）：发布没有完成，已保存的版本不受影响")
                    job.state = "failed"
                    return
                job.done += 1
            job.log.append("发布完成")
            job.state = "done"
        except Exception as exc:  # the job must end, and say why
            job.log.append(f"发布出错：{exc}")
            job.state = "failed"
