"""The commands are the package's console scripts; scripts/*.py stay as thin
entry points that explain, rather than crash, under a Python without the
project's packages."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib

import pytest

from conftest import ROOT, VENV_BIN

SCRIPTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
WRAPPERS = ["validate", "new_item", "build_pdf", "build_offline", "verify_offline", "gen_schemas", "bench"]


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_console_script_is_installed_and_answers_help(name: str):
    if name == "kb-schemas":  # takes no options: asking it for --help would write schemas/
        assert (VENV_BIN / name).is_file()
        return
    done = subprocess.run([str(VENV_BIN / name), "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("usage:")


@pytest.mark.parametrize("command", WRAPPERS)
def test_each_script_runs_its_command_module(command: str):
    assert f"kb.cli.{command}:main" in SCRIPTS.values()
    text = (ROOT / "scripts" / f"{command}.py").read_text(encoding="utf-8")
    assert f'run("{command}")' in text and "sys.path" not in text


def test_a_python_without_the_packages_runs_the_script_with_the_venv():
    # -S: no site-packages, as with a system python3 that lacks pydantic and PyYAML
    done = subprocess.run([sys.executable, "-S", str(ROOT / "scripts" / "validate.py"), "--help"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:") and "Traceback" not in done.stderr


def test_a_python_without_the_packages_and_no_venv_is_told_the_one_command(tmp_path):
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts", ignore=shutil.ignore_patterns("__pycache__"))  # no .venv here
    done = subprocess.run([sys.executable, "-S", str(tmp_path / "scripts" / "validate.py"), "cases/xiaopo"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "没有装本项目需要的包" in done.stderr and "请改用这一条命令：make validate（" in done.stderr


def test_python_m_runs_a_command():
    done = subprocess.run([sys.executable, "-m", "kb.cli.verify_offline", str(ROOT / "no-such-folder")],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "错误: 找不到文件夹" in done.stdout
