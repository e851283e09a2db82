"""Teaching notes (cases/<id>/teaching.md) and the two editions.

The validator on the small fixture project: each mistake a teacher can make
in a teaching note gets a path:line:col message. The real pipeline on a copy
of the real project, on both engines: the trainee edition never contains a
word of a teaching note, a 学习要点 or the editors' commentary, in any file;
the teacher edition has them, says 教师用书 on every page, and is written
to its own folder."""

import html
import re
from pathlib import Path

import pytest

from conftest import ENGINES, ROOT, fixture_copy, run_build
from test_build import copy_project

from kb.check.validation import validate
from kb.content.errors import split
from kb.render.audience import BANNER

NOTE = """---
class_minutes: 45
audience: [村级后备干部]
courses: [shili-kecheng]
elements: [第一步]
plan:
  - {step: 导入, minutes: 15}
  - {step: 讨论, minutes: 30}
---
## 教学目的与用途

让学员讨论示例村的选择[@src-a]。

## 关键问题

### 问题一

分析。
"""


def _problems(tmp_path, text: str) -> list[str]:
    folder = tmp_path / str(len(list(tmp_path.iterdir())))
    folder.mkdir()
    project = fixture_copy(folder)
    (project / "cases/shili/teaching.md").write_text(text, encoding="utf-8")
    _, problems = validate(project)
    return [str(p) for p in problems if "teaching.md" in p.path]


def test_a_correct_teaching_note_validates(tmp_path):
    assert _problems(tmp_path, NOTE) == []


@pytest.mark.parametrize("change, expected", [
    (("  - {step: 讨论, minutes: 30}", "  - {step: 讨论, minutes: 20}"),
     "cases/shili/teaching.md:7:3: 错误: 教学计划各环节合计 35 分钟（15 + 20），与 class_minutes 写的一次课 45 分钟不符"),
    (("elements: [第一步]", "elements: [第一步, 第九步]"),
     "cases/shili/teaching.md:5:17: 错误: 要素「第九步」不在任何课程的组成部分里"),
    (("courses: [shili-kecheng]", "courses: [meiyou]"),
     "cases/shili/teaching.md:4:11: 错误: 字段「courses[0]」引用的课程「meiyou」不存在"),
    (("[@src-a]", "[@wu]"), "cases/shili/teaching.md:12:12: 错误: 引用的来源「wu」不存在"),
    (("## 关键问题", "## 讨论要点"), "cases/shili/teaching.md:14:4: 错误: 章节标题「讨论要点」无效"),
    (("class_minutes: 45", "class_minute: 45"), "cases/shili/teaching.md:2:1: 错误:"),
    (("  - {step: 导入, minutes: 15}", "  - {step: 导入, minutes: 十五}"), "cases/shili/teaching.md:7:"),
    (("让学员讨论示例村的选择", "<script>alert(1)</script>"), "cases/shili/teaching.md:12:1: 错误: 不允许使用 <script>"),
])
def test_each_mistake_is_named_at_its_line(tmp_path, change, expected):
    problems = _problems(tmp_path, NOTE.replace(*change))
    assert any(p.startswith(expected) for p in problems), problems


def test_a_note_without_its_questions_is_warned_unless_it_says_why(tmp_path):
    short = "## 教学目的与用途\n\n只有目的。\n"
    assert any("缺少「关键问题」" in p and "警告" in p for p in _problems(tmp_path, short))
    assert _problems(tmp_path, "## 说明\n\n来源只有一段文字，写不成教学说明。\n") == []


# --- the two editions, on the real pipeline -------------------------------

def _fragments(text: str) -> set[str]:
    """Distinctive pieces of a text (at least 10 Chinese characters between
    punctuation), with markup and citation marks taken out."""
    text = re.sub(r"\[@[^\]]*\]|\*\*|`", "", text)
    text = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", text, flags=re.M)  # list markers
    pieces = re.split(r"[，。；：！？、（）「」\n|]+", text)
    return {p.strip() for p in pieces if len(re.findall(r"[\u4e00-\u9fff]", p)) >= 10 and not re.search(r"[#\[\]<>]", p)}


def _public_text(project: Path, col) -> str:
    """Every content file a trainee page is made from, without what is the
    teachers': a teaching note may retell a fact of the case in its words."""
    parts = []
    for path in sorted(project.rglob("*")):
        if path.suffix not in (".yml", ".md") or "scripts" in path.parts or path.name == "teaching.md":
            continue
        text = path.read_text(encoding="utf-8")
        if path.name == "case.yml":
            text = re.sub(r"^learning_points:.*?(?=^\S|\Z)", "", text, flags=re.M | re.S)
        if path.name == "case.md":
            text = re.sub(r"^## 启示.*?(?=^## |\Z)", "", text, flags=re.M | re.S)
        parts.append(text)
    return re.sub(r"\s+", "", re.sub(r"\[@[^\]]*\]|\*\*", "", "\n".join(parts)))


def _teachers_words(project: Path) -> set[str]:
    """What only teachers may read: every teaching note, the 学习要点 and the
    editors' commentary (编者按) of every case, less what the trainee pages
    are made of anyway."""
    col, problems = validate(project)
    assert split(problems)[0] == []
    found: set[str] = set()
    for item in col.cases.values():
        if item.teaching:
            found |= _fragments(item.teaching.markdown.text)
        for point in item.model.learning_points:
            found |= _fragments(point)
        insight = item.narrative.get("启示", "")
        found |= _fragments("\n".join(line for line in insight.split("\n\n") if line.startswith("**编者按**")))
    public = _public_text(project, col)
    return {w for w in found if re.sub(r"\s+", "", w) not in public}


MARKED = "这一句只应出现在教师版的教学说明里而绝不会出现在学员版的任何文件中"


def _with_a_marked_note(project: Path) -> Path:
    """The real content, and one more teaching note whose words are nowhere
    else: the test holds whatever notes the content has (none, one, many)."""
    note = sorted((project / "cases").iterdir())[0] / "teaching.md"
    if not note.exists():
        note.write_text(f"## 教学目的与用途\n\n{MARKED}。\n\n## 关键问题\n\n{MARKED[::-1]}。\n", encoding="utf-8")
        return project
    lines = note.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("## "))
    lines[first + 1:first + 1] = ["", f"{MARKED}。", "", f"{MARKED[::-1]}。"]
    note.write_text("\n".join(lines), encoding="utf-8")
    return project


def _texts(site: Path):
    """(file, its text with tags and spaces taken out) for every text file of a site."""
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".xml", ".txt", ".css", ".svg"):
            raw = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".html":
                raw = html.unescape(re.sub(r"<[^>]+>", "", raw))
            yield path, re.sub(r"\s+", "", raw)


@pytest.fixture(scope="module", params=ENGINES)
def editions(request, tmp_path_factory):
    base = tmp_path_factory.mktemp(f"editions-{request.param}")
    (base / "p").mkdir()
    project = _with_a_marked_note(copy_project(base / "p"))
    sites = {}
    for edition in ("trainee", "teacher"):
        site = base / f"site-{edition}"
        result = run_build(project, site, "--edition", edition, engine=request.param)
        assert result.returncode == 0, result.stdout + result.stderr
        sites[edition] = site
    return project, sites


def test_the_trainee_edition_holds_no_word_of_the_teachers(editions):
    project, sites = editions
    words = _teachers_words(project)
    assert MARKED in words and MARKED[::-1] in words
    leaks = [(path.relative_to(sites["trainee"]).as_posix(), w) for path, text in _texts(sites["trainee"])
             for w in words if re.sub(r"\s+", "", w) in text]
    assert leaks == []
    assert not (sites["trainee"] / "teaching").exists()
    pages = list(sites["trainee"].rglob("*.html"))  # no page carries the teachers' mark
    assert pages and not [p for p in pages if 'class="kb-edition"' in p.read_text(encoding="utf-8")]


def test_the_teacher_edition_has_them_and_says_so_on_every_page(editions):
    project, sites = editions
    teacher = sites["teacher"]
    words = _teachers_words(project)
    everything = "".join(t for _, t in _texts(teacher))
    assert [w for w in words if re.sub(r"\s+", "", w) not in everything] == []
    for path in teacher.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert f'class="kb-edition" role="note">{BANNER}<' in page, path
        assert "教师用书" in re.search(r"<title>(.*?)</title>", page, re.S).group(1), path
    col, _ = validate(project)
    for case_id, item in col.cases.items():
        if item.teaching:
            assert (teacher / "teaching" / case_id / "index.html").is_file()
            assert f"../../teaching/{case_id}/" in (teacher / "cases" / case_id / "index.html").read_text(encoding="utf-8")


def test_the_editions_and_papers_keep_to_their_own_folders():
    from kb.render.audience import site_folder, work_folder
    assert site_folder("trainee") == "site" and site_folder("teacher") == "site-teacher"
    assert work_folder(ROOT, "teacher") != work_folder(ROOT, "trainee")
    from kb.cli.build_pdf import default_out
    outs = {default_out(ROOT, e, p) for e in ("trainee", "teacher") for p in ("A4", "A5")}
    assert len(outs) == 4 and default_out(ROOT, "trainee", "A5") == ROOT / "dist" / "pdf" / "A5"


def _pdf_text(path: Path) -> str:
    import subprocess
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def test_the_trainee_pdfs_hold_no_word_of_the_teachers_and_keep_the_teachers_folder(tmp_path):
    from conftest import VENV_BIN
    import subprocess
    (tmp_path / "p").mkdir()
    project = _with_a_marked_note(copy_project(tmp_path / "p"))
    out = tmp_path / "pdf"
    for edition, folder in (("teacher", out / "teacher"), ("trainee", out)):
        made = subprocess.run([str(VENV_BIN / "kb-pdf"), "--root", str(project), "--edition", edition, "--quiet",
                               "--out", str(folder)], capture_output=True, text=True)
        assert made.returncode == 0, made.stdout + made.stderr
    words = _teachers_words(project)
    trainee = [p for p in out.rglob("*.pdf") if "teacher" not in p.relative_to(out).parts]
    assert trainee and not (out / "teaching").exists()
    texts = {p: _pdf_text(p) for p in trainee}  # each PDF read once, not once per word
    leaks = [(p.name, w) for p in trainee for w in words if re.sub(r"\s+", "", w) in texts[p]]
    assert leaks == []
    # The phone books (make epub; the USB edition carries them) are trainees' too.
    books = tmp_path / "epub"
    made = subprocess.run([str(VENV_BIN / "kb-epub"), "--root", str(project), "--out", str(books)],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    import zipfile
    text = "".join(re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", zipfile.ZipFile(b).read(n).decode("utf-8"))))
                   for b in books.glob("*.epub") for n in zipfile.ZipFile(b).namelist() if n.endswith(".xhtml"))
    assert text and [w for w in words if re.sub(r"\s+", "", w) in text] == []
    # The trainee build kept the teacher's folder, and every page of it says 教师用书.
    notes = sorted((out / "teacher" / "teaching").glob("*.pdf"))
    assert notes
    for pdf in [*notes, *(out / "teacher").glob("*.pdf")]:
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout).group(1))
        # One pdftotext for the whole file: a form feed ends each page.
        texts = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
        assert len(texts) >= pages, (pdf.name, len(texts), pages)
        for page, text in enumerate(texts[:pages], start=1):
            assert re.sub(r"\s+", "", BANNER) in re.sub(r"\s+", "", text), (pdf.name, page)
