"""The site builds with Python alone, and never publishes a file from outside.

`make validate`, `make site` and `make serve` need no node/npm: without
node_modules the build leaves the npm files out and says what that means (the
USB edition, which needs them, refuses). A symlink in docs/ would be
published by the engine as the file it points to: the build refuses it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_build

SKIP = {".git", ".venv", "node_modules", "site", ".site.tmp", "dist", "tests", "bench-results", ".pytest_cache",
        "__pycache__"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The project without node_modules (as after `make install-python` only)."""
    dest = tmp_path / "project"
    dest.mkdir()
    for entry in ROOT.iterdir():
        if entry.name in SKIP:
            continue
        if entry.is_dir():
            shutil.copytree(entry, dest / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(entry, dest / entry.name)
    return dest


def test_site_builds_without_npm_and_says_what_is_left_out(project: Path, tmp_path: Path):
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "没有找到 node_modules/resize-observer-polyfill" in result.stderr
    assert "make install" in result.stderr
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "assets/vendor/" not in page and "resize-observer.js" not in page  # no reference to a missing file
    assert not (site / "assets/vendor").exists()


def test_offline_edition_refuses_to_build_without_npm(project: Path, tmp_path: Path):
    done = run_build(project, tmp_path / "offline", "--offline")
    assert done.returncode != 0
    assert "缺少 node_modules/resize-observer-polyfill/dist/ResizeObserver.global.js：离线版需要它" in done.stdout + done.stderr
    assert not (tmp_path / "offline").exists()


@pytest.mark.parametrize("where, target", [("docs/passwd.txt", "/etc/passwd"), ("docs/etc", "/etc")])
def test_build_refuses_a_symlink_in_docs(project: Path, tmp_path: Path, where: str, target: str):
    (project / where).symlink_to(target)
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode != 0
    assert f"{where}:1:1: 错误: 「{where}」是符号链接（快捷方式，指向 {target}）" in result.stdout + result.stderr
    assert not (site / "passwd.txt").exists() and not (site / "etc").exists()
