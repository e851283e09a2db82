"""A fixture project full of payloads, and its real MkDocs build.

The render fixture (tests/render/project) is copied, and every string in
every content file is replaced by a payload: a list of strings gets every
payload, a list of objects gets one copy per payload, a single string gets
the next payload in turn. Whatever the validator refuses (ids, dates, source
references, URLs that are not URLs, over-long titles) goes back to its
original value; the rest, text the validator accepts, must be shown as text.
The model is never consulted, so new fields are attacked without a change here.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "render" / "project"
VENDOR = ("node_modules/resize-observer-polyfill/dist/ResizeObserver.global.js",)


# Ids, references, statuses and dates are not text: the validator checks them.
KEEP = {"id", "status", "kind", "date", "source", "sources", "related_courses", "related_cases", "cases",
        "courses", "handbooks", "before_class", "after_class", "value", "approx"}


class Slot:
    """One injected value: where it sits, so a refused one can be put back."""

    def __init__(self, container, key, original, payload, file=None):
        self.container, self.key, self.original, self.payload = container, key, original, payload
        self.file = file
        self.container[key] = payload

    def revert(self, unique: bool = False):
        # Back to the original; if that is refused too, or the name must be
        # unique (a glossary term), the original made unique.
        again = unique or self.container[self.key] == self.original
        self.container[self.key] = f"{self.original}{id(self) % 99991}" if again else self.original


class Injector:
    def __init__(self, payloads: list[str], urls: list[str] = ()):
        self.payloads = payloads
        self.urls = list(urls) or payloads
        self.turn = 0
        self.slots: list[Slot] = []
        self.replicate = True
        self.file = None  # the file being filled

    def next(self) -> str:
        payload = self.payloads[self.turn % len(self.payloads)]
        self.turn += 1
        return payload

    def fill(self, value, top: bool = True):
        """top: a list of strings at the top of a file (industries, themes,
        questions) gets every payload; deeper ones (a glossary term's
        aliases) one each, so files stay within their size limit."""
        if isinstance(value, dict):
            for key, v in value.items():
                if key in KEEP and not (isinstance(v, list) and v and isinstance(v[0], dict)):
                    continue
                if isinstance(v, str):
                    payload = self.urls[self.turn % len(self.urls)] if key == "url" else self.next()
                    self.slots.append(Slot(value, key, v, payload, self.file))
                else:
                    self.fill(v, top)
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            original = list(value)
            value[:] = list(self.payloads) if top else [self.next() for _ in original]
            for i in range(len(value)):
                self.slots.append(Slot(value, i, original[i % len(original)], value[i], self.file))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value) and not self.replicate:
            del value[1:]  # real content copied in: one entry, attacked, nothing to collide with
            self.fill(value[0], top=False)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            copies = [copy.deepcopy(value[0]) for _ in self.payloads]
            for j, item in enumerate(copies):
                if "id" in item:
                    item["id"] = f"{item['id']}-p{j}"  # ids stay unique and valid
            value.extend(copies)
            for item in value:
                self.fill(item, top=False)


def dump(data, lines: list[str], where: dict, indent: str = "") -> None:
    """Block YAML whose scalars are JSON (valid YAML, nothing can break out);
    where maps each line number to the scalar's container and key."""
    for key, value in (data.items() if isinstance(data, dict) else enumerate(data)):
        in_map = isinstance(data, dict)
        prefix = f"{indent}{key}:" if in_map else f"{indent}-"
        if isinstance(value, dict) and value and not in_map:
            start = len(lines)
            dump(value, lines, where, indent + "  ")
            lines[start] = f"{indent}- " + lines[start][len(indent) + 2:]
        elif isinstance(value, (dict, list)) and value and in_map:
            lines.append(prefix)
            dump(value, lines, where, indent + "  ")
        else:
            lines.append(f"{prefix} {json.dumps(value, ensure_ascii=False, default=str)}")
            where[len(lines)] = (data, key)


def write_yaml(path: Path, data) -> dict:
    lines: list[str] = []
    where: dict = {}
    dump(data, lines, where)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


def make_project(target: Path, payloads: list[str], markdown: list[str] = (), urls: list[str] = (),
                 docs_page: bool = True) -> dict:
    """Copy the fixture, fill it with payloads; returns counts of what stayed."""
    import yaml
    from kb.content.narrative import parse_narrative
    from kb.content.textfile import TextFile
    from kb.check.validation import validate

    shutil.copytree(FIXTURE, target)
    for name in ("mkdocs.yml", "docs", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
        elif (ROOT / name).exists():
            shutil.copy2(ROOT / name, target / name)
    extras = []
    for extra in ROOT.glob("*.yml"):  # content the site needs beyond the fixture's (a glossary)
        if not (target / extra.name).exists():
            shutil.copy2(extra, target / extra.name)
            extras.append(target / extra.name)
    shutil.copytree(ROOT / "scripts", target / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    for vendor in VENDOR:
        (target / vendor).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / vendor, target / vendor)

    injector = Injector(payloads, urls)
    files: dict[Path, tuple] = {}
    for path in sorted(p for p in target.rglob("*.yml") if _is_content(p, target)):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path in extras:
            _cite_fixture_sources(data)
        injector.replicate = path not in extras
        injector.file = path
        injector.fill(data)
        files[path] = data
    cited = [s["id"] for s in files[target / "sources.yml"]["sources"]]
    for path, data in files.items():
        if isinstance(data, dict) and isinstance(data.get("sources"), list) and path.name != "sources.yml":
            data["sources"] = list(dict.fromkeys(data["sources"] + cited))  # every page cites every source

    blocks = _markdown_blocks(markdown, parse_narrative, TextFile, target)
    import kb.content.loading
    from unittest import mock
    for _ in range(20):  # blocks another check refuses (a missing image file) are left out
        starts = _write_markdown(target, blocks, docs_page)
        with mock.patch.object(kb.content.loading, "check_markdown", lambda *a, **k: []):
            _, problems = validate(target)
        refused = {_block_at(starts[p.path], p.line) for p in problems if p.level == "错误" and p.path in starts}
        if not refused:
            break
        blocks = [b for i, b in enumerate(blocks) if i not in refused]
    markdown_kept = len(blocks)

    for _ in range(60):  # put back what the validator refuses, until it accepts the rest
        lines = {path: write_yaml(path, data) for path, data in files.items()}
        _, problems = validate(target)
        errors = [p for p in problems if p.level == "错误" and not p.path.endswith(".md")]
        if not errors:
            break
        for error in errors:
            repeated = re.search(r"「(.*)」重复", error.message, re.S)
            if repeated:  # a name that must be unique, wherever the checker points: keep the first
                same = [slot for slot in injector.slots
                        if slot.file == target / error.path and slot.container[slot.key] == repeated.group(1)]
                for slot in same[1:]:
                    slot.revert(unique=True)
                if same[1:]:
                    continue
            path = target / error.path
            spot = lines.get(path, {}).get(error.line)
            item = re.search(r"第 (\d+) 项", error.message)
            if spot is None and item:  # reported at the list's key: its items follow, one a line
                spot = lines.get(path, {}).get(error.line + int(item.group(1)))
            if spot is None:
                raise AssertionError(f"fixture: cannot place {error}")
            container, key = spot
            limit = re.search(r"最多 (\d+) 个", error.message)
            for slot in injector.slots:
                if slot.container is container and (slot.key == key or limit and isinstance(key, int)
                                                     and len(slot.payload) > int(limit.group(1))):
                    slot.revert(unique="重复" in error.message)
    else:
        raise AssertionError(f"fixture still refused: {errors[:5]}")
    kept = [s for s in injector.slots if s.container[s.key] == s.payload]
    return {"markdown_kept": markdown_kept, "placed": len(injector.slots), "kept": len(kept), "payloads_kept": len({s.payload for s in kept}),
            "urls_kept": sorted({s.payload for s in kept if s.key == "url"})}


def _cite_fixture_sources(data) -> None:
    """Real content copied in cites real sources: point it at the fixture's."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in list(items):
        if key == "sources" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            data[key] = ["src-a"]
        elif key == "source" and isinstance(value, str):
            data[key] = "src-a"
        else:
            _cite_fixture_sources(value)


def _is_content(path: Path, root: Path) -> bool:
    top = path.relative_to(root).parts[0]
    return top in ("cases", "courses", "handbooks", "sources.yml", "programme.yml") or path.parent == root and \
        path.name not in ("mkdocs.yml",)


def _markdown_blocks(markdown, parse_narrative, TextFile, root) -> list[str]:
    """Every payload the section parser accepts (one that is itself a heading
    is refused before the sanitiser could see it)."""
    keep = []
    for block in markdown:
        _, errors = parse_narrative(TextFile(root / "x.md", "x.md", f"## 背景\n\n{block}\n"))
        if not errors:
            keep.append(block)
    return keep


# A hand-written page's front matter: the themes print these values as they
# are. Only title and description reach them (other keys are refused by the
# validator: tests/test_pipeline.py).
PAGE_META = {"title": "</title><script>alert(1)</script>攻击", "description": '"><script>alert(2)</script>'}
HEADS = {"case.md": "## 背景\n\n",
         "attack.md": "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in PAGE_META.items()) + "---\n\n"}


def _write_markdown(target: Path, blocks: list[str], docs_page: bool) -> dict[str, list[int]]:
    """case.md of every case and docs/attack.md; returns each block's first line."""
    files = [p for p in sorted((target / "cases").glob("*/case.md"))]
    if docs_page:
        files.append(target / "docs" / "attack.md")
    starts: dict[str, list[int]] = {}
    for path in files:
        head = HEADS[path.name]
        text, lines = head, []
        for block in blocks:
            lines.append(text.count("\n") + 1)
            text += block + "\n\n"
        if path.name == "case.md":
            text += "## 启示\n\n结尾。\n"
        path.write_text(text, encoding="utf-8")
        starts[path.relative_to(target).as_posix()] = lines
    return starts


def _block_at(starts: list[int], line: int) -> int:
    return max((i for i, start in enumerate(starts) if start <= line), default=0)


def build(project: Path, site: Path, offline: bool = False, engine: str = "mkdocs") -> None:
    """The real pipeline on the fixture (stage, engine, finish), in this
    process, with the case.md checker taken out: what it would refuse
    reaches the pages, so the sanitiser alone must hold (the checker is
    tested on its own)."""
    from unittest import mock

    import kb.content.loading
    from kb.pipeline import build_site

    with mock.patch.object(kb.content.loading, "check_markdown", lambda *a, **k: []):
        build_site(project, site, engine, offline=offline, work=site.parent / f"{site.name}.work")
