import base64
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

VENV_BIN = Path(sys.executable).parent
FIXTURE = ROOT / "tests" / "render" / "project"  # the small fixture project of the render tests
# A 1 x 1 PNG: a real image file for attachment and PDF tests.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def fixture_copy(tmp_path: Path) -> Path:
    """A copy of the fixture project to change."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target


ENGINE = os.environ.get("ENGINE", "mkdocs")
ENGINES = ("mkdocs", "zensical")


def run_build(project: Path, site_dir: Path, *extra: str, engine: str | None = None) -> subprocess.CompletedProcess:
    """The real pipeline (stage, engine, finish), as `make site` runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    work = Path(site_dir).parent / (Path(site_dir).name + ".work")
    return subprocess.run([str(VENV_BIN / "kb-site"), "site", "--root", str(project), "--site-dir", str(site_dir),
                           "--work", str(work), "--engine", engine or ENGINE, *extra],
                          cwd=project, capture_output=True, text=True, env=env)


@pytest.fixture(scope="session", params=ENGINES)
def built_site(request, tmp_path_factory) -> Path:
    """The real content, built by the pipeline on each engine in turn."""
    site = tmp_path_factory.mktemp(f"built-{request.param}") / "site"
    result = run_build(ROOT, site, engine=request.param)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run (Playwright allows one per thread)."""
    from kb.bench.browser import browser
    with browser() as b:
        yield b
