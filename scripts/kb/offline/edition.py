"""Which edition a page is: printed on paper so a handout says where it
came from. The version is `git describe` (as the USB edition names itself);
the date is the commit's (SOURCE_DATE_EPOCH when the USB build sets it), so
two builds of one commit print the same thing."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def content_time(root: Path) -> dt.datetime | None:
    """The content's time: SOURCE_DATE_EPOCH, else the last commit's; None without git."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or _git(root, "log", "-1", "--format=%ct")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit() else None


def edition(root: Path) -> tuple[str | None, str | None]:
    """(version, date as 2026年11月30日); None where unknown (no git)."""
    version = os.environ.get("KB_VERSION") or _git(root, "describe", "--tags", "--always", "--dirty")
    moment = content_time(root)
    if moment is None:
        return version, None
    day = moment.date()
    return version, f"{day.year}年{day.month}月{day.day}日"
