"""Adding correct content to a copy of the real project never breaks anything.

As an organiser would: make new-case, new-course and new-handbook write
skeletons, the organiser fills them in (a photo beside case.md and beside the
handbook's preface, the course's readings name the case) and prepares a private case; validate and the real build
must pass, the new items must show up everywhere the
content says, and the private one nowhere.
"""

import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

import pytest

from conftest import ROOT, VENV_BIN, run_build
from test_build import copy_project

from kb.render.counts import cases_sentence
from kb.check.validation import validate


def png_bytes() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _run(project, *args):
    return subprocess.run([sys.executable, *args, "--root", str(project)], cwd=project, capture_output=True, text=True)


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("p"))
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # the USB edition's browser files
    col, _ = validate(project)
    source = next(iter(col.sources))
    for kind, item_id, title in (("case", "xiaopo", "小坡村：新增的案例"), ("course", "xiaopo-ke", "新增的课程"),
                                 ("case", "mimi", "准备中的案例"), ("handbook", "xiaopo-shouce", "新增的手册")):
        made = _run(project, "scripts/new_item.py", kind, item_id, title, "--source", source)
        assert made.returncode == 0, made.stderr
    case = project / "cases/xiaopo"
    (case / "photo.png").write_bytes(png_bytes())
    (case / "case.md").write_text("## 背景\n\n小坡村的背景。\n\n![小坡村的茶园](photo.png)\n\n## 做法\n\n做法。\n",
                                  encoding="utf-8")
    preface = project / "handbooks/xiaopo-shouce/preface.md"
    (preface.parent / "cover.png").write_bytes(png_bytes())
    preface.write_text(preface.read_text(encoding="utf-8") + "\n![手册封面](cover.png)\n", encoding="utf-8")
    yml = case / "case.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  county:  #", "  county: 新县  #"), encoding="utf-8")
    course = project / "courses/xiaopo-ke.yml"
    course.write_text(course.read_text(encoding="utf-8").replace("before_class: []", "before_class: [xiaopo, mimi]"),
                      encoding="utf-8")
    private = project / "cases/mimi/case.yml"
    private.write_text(private.read_text(encoding="utf-8").replace("status: draft", "status: private"), encoding="utf-8")

    checked = _run(project, "scripts/validate.py")
    site = project / "built"
    built = run_build(project, site)
    yield project, site, checked, built
    shutil.rmtree(project, ignore_errors=True)


def test_validate_and_build_pass(added):
    _, _, checked, built = added
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Traceback" not in checked.stderr + built.stderr


def test_new_case_and_course_show_up_and_link_both_ways(added):
    project, site, _, _ = added
    case = (site / "cases/xiaopo/index.html").read_text(encoding="utf-8")
    course = (site / "courses/xiaopo-ke/index.html").read_text(encoding="utf-8")
    assert "../../courses/xiaopo-ke/" in case and "../../cases/xiaopo/" in course
    assert "暂无" not in case + course
    assert 'src="photo.png"' in case and 'alt="小坡村的茶园"' in case
    assert (site / "cases/xiaopo/photo.png").read_bytes() == png_bytes()
    assert (site / "handbooks/xiaopo-shouce/cover.png").read_bytes() == png_bytes()
    assert any('src="../cover.png"' in p.read_text(encoding="utf-8") or 'src="cover.png"' in p.read_text(encoding="utf-8")
               for p in (site / "handbooks/xiaopo-shouce").rglob("index.html"))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="courses/xiaopo-ke/"' in home
    col, _ = validate(project)
    cases_home = re.sub(r"<[^>]+>", "", (site / "cases/index.html").read_text(encoding="utf-8"))
    assert cases_sentence(col).replace(" ", "") in cases_home.replace(" ", "")


def test_private_case_is_nowhere(added):
    _, site, checked, _ = added
    assert not (site / "cases/mimi").exists()
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                         if p.is_file() and p.suffix in (".html", ".json", ".js", ".xml"))
    assert "准备中的案例" not in everything and "cases/mimi" not in everything
    assert "mimi" in checked.stderr + checked.stdout  # the course naming it gets a warning
