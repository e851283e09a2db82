"""A desk on a fixture project under git, for the desk's tests."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from PIL import Image

from conftest import ROOT, fixture_copy

HOST = "http://127.0.0.1:8100"


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout


def desk_project(tmp_path: Path) -> Path:
    project = fixture_copy(tmp_path)
    for name in ("mkdocs.yml", "overrides", "docs"):  # so that 预览 and 发布 can build its site
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "-c", "user.name=初始", "-c", "user.email=init@example.invalid", "commit", "-qm", "初始内容")
    return project


def client(project: Path, steps=(), host: str = "127.0.0.1"):
    """A TestClient on the desk, already holding its session cookie; .csrf is its token."""
    from starlette.testclient import TestClient

    from kb.desk.app import create_app

    app = create_app(project, host=host, publish_steps=list(steps))
    test = TestClient(app, base_url=HOST if host == "127.0.0.1" else f"http://{host}:8100")
    page = test.get("/")
    test.csrf = _meta(page.text, "csrf") if page.status_code == 200 else None
    test.app_state = app.state
    return test


def _meta(html: str, name: str) -> str:
    marker = f'<meta name="{name}" content="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def headers(test) -> dict:
    return {"X-CSRF-Token": test.csrf}


def picture(fmt: str = "PNG", size=(40, 30), noise: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    if noise:  # a photo-like picture that does not compress
        image = Image.frombytes("RGB", size, __import__("os").urandom(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()
