"""The editing-desk trial: which parts should the desk (编辑台) be made of?

Five candidates, each given the same job in headless Chromium with every
request to a host other than 127.0.0.1 recorded and refused (an office PC
without network), the browser set to Chinese (zh-CN):

  A  Decap CMS 3.16.3, local backend through decap-server 3.11.3 (MODE=fs)
  B  Sveltia CMS 0.221.1, its local repository (File System Access API; the
     folder picker is answered with a folder of the browser's private file
     system holding the case, as a headless browser shows no dialog)
  C  forms by @json-editor/json-editor 2.17.2 from schemas/case.schema.json,
     Markdown by @toast-ui/editor 3.2.2, served by a small ASGI app (Starlette)
  D  the same forms, Markdown by vditor 4.0.0
  E  the project's own desk: kb.desk.app on a committed copy of the content
     (forms from the JSON Schemas, a textarea editor, turndown 7.2.5 for Word);
     while kb.desk cannot start, its static files and turndown on a blank page

The job: a case form with figures[] holding alternatives[] (a list of objects
in a list of objects); the 大坝村 case opened; 【@id】 (a citation typed with
the Chinese keyboard, which only our validator knows is wrong) put into
figures[0].alternatives[0].note; saved (or checked); then put back, the title
changed, saved again; Word's clipboard HTML pasted into the Markdown editor.
The CMSes and the forms ask the same endpoint of the trial's app for the
project's own messages (kb.check.validation on a scratch copy of the content,
as make validate judges it): the CMSes from their preSave hook, the forms
through json-editor's custom validators; the desk asks itself. Measured: the
JS and CSS the first screen loads (bytes, gzip level 9), whether a Chinese
locale ships and how many of the UI's own words are Chinese, the requests
that tried to leave the machine, whether the UI comes up, the add button of
the nested list, where our message appears (in pixels from the field), what
each save wrote (the file kept or rewritten, its comments, our validator's
verdict on it, a draft), how much of the Word paste survives.

The packages are installed at bench time, exact versions, into a cache
folder (bench-results/.desk-trial-npm), never into package.json, never
copied into the repository; a second run installs nothing.

    kb-bench --desk-trial          (or python -m kb.bench.desk_trial [--only AE])
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import gzip
import json
import mimetypes
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import yaml

from kb.bench.browser import ARGS, chromium_path
from kb.cli import ROOT

PINS = {"decap-cms": "3.16.3", "decap-server": "3.11.3", "@sveltia/cms": "0.221.1",
        "@toast-ui/editor": "3.2.2", "@json-editor/json-editor": "2.17.2", "vditor": "4.0.0",
        "turndown": "7.2.5", "turndown-plugin-gfm": "1.0.2"}  # the last: tables, which the desk's editor uses
CACHE = ROOT / "bench-results" / ".desk-trial-npm"
DESK_STATIC = ROOT / "scripts" / "kb" / "desk" / "static"
TURNDOWN_FILES = ("lib/turndown.browser.umd.js", "dist/turndown.js", "lib/turndown.umd.js")
# Toast UI's npm package has no self-contained browser file: its UMD build
# expects ProseMirror from a bundler, so the page loads its ES module build
# with an import map naming these packages (whatever versions npm resolved).
TOAST_IMPORTS = ("prosemirror-commands", "prosemirror-history", "prosemirror-inputrules", "prosemirror-keymap",
                 "prosemirror-model", "prosemirror-state", "prosemirror-transform", "prosemirror-view",
                 "orderedmap", "rope-sequence", "w3c-keyname")
# What the validator reads (the content, not the build).
CONTENT = ("cases", "courses", "handbooks", "docs", "sources.yml", "programme.yml", "glossary.yml",
           "intros.yml", "synonyms.yml")
CASE, BAD_SOURCE = "daba", "no-such-source"
# The planted error: a citation typed with the Chinese keyboard (【@id】) in the
# note of figures[0].alternatives[0], a free-text field in every candidate; only
# our validator knows it is wrong. MESSAGE_TOKEN is in its message and nowhere else.
BAD_CITE, MESSAGE_TOKEN = "【@daba-gzrb-2016】", "全角的括号"
SLUG = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
# What Word puts on the clipboard (Word 2016, Chinese), cut down: a heading, a
# bold run, a numbered list item as Word writes it (a paragraph with mso-list).
WORD_HTML = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">'
    '<head><meta name=Generator content="Microsoft Word 15"><style>p.MsoNormal{mso-style-parent:"";'
    'font-family:宋体}</style></head><body lang=ZH-CN><!--StartFragment-->'
    "<h2><span style='mso-bidi-font-family:宋体'>背景</span></h2>"
    "<p class=MsoNormal><b><span style='font-family:宋体'>合作社</span></b><span style='font-family:宋体'>"
    "每年分红一次。<o:p></o:p></span></p>"
    "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span "
    "style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]><span>土地入股<o:p></o:p>"
    "</span></p><!--EndFragment--></body></html>")
WORD_TEXT = "背景\n合作社每年分红一次。\n1. 土地入股\n"
CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile("[A-Za-z]{2,}")


# --------------------------------------------------------------- install

def install(cache: Path) -> dict:
    """The pinned packages in cache/node_modules; npm runs only when one is
    missing or at another version."""
    def installed() -> dict:
        found = {}
        for name in PINS:
            meta = cache / "node_modules" / name / "package.json"
            found[name] = json.loads(meta.read_text(encoding="utf-8"))["version"] if meta.exists() else None
        return found
    before = installed()
    if before == PINS:
        return {"installed": False, "seconds": 0.0}
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / "package.json").exists():  # npm wants a project to install into; --no-save leaves it empty
        (cache / "package.json").write_text('{"private": true, "description": "kb desk trial cache"}\n')
    start = time.perf_counter()
    subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts",
                    "--loglevel=error", "--prefix", str(cache), *(f"{n}@{v}" for n, v in PINS.items())],
                   check=True, stdout=subprocess.DEVNULL)
    after = installed()
    if after != PINS:
        raise RuntimeError(f"npm left other versions than pinned: {after}")
    return {"installed": True, "seconds": time.perf_counter() - start}


def resolved(modules: Path, names) -> dict:
    out = {}
    for name in names:
        meta = modules / name / "package.json"
        if meta.exists():
            out[name] = json.loads(meta.read_text(encoding="utf-8"))["version"]
    return out


# ------------------------------------------------------- our validator

def run_validator(root: Path, writes: dict[str, str]):
    """Every problem of the content with these files laid over a scratch copy."""
    from kb.check.validation import validate
    with tempfile.TemporaryDirectory(prefix="kb-desk-trial-check-") as tmp:
        scratch = Path(tmp)
        for name in CONTENT:
            src = root / name
            if src.is_dir():
                shutil.copytree(src, scratch / name)
            elif src.is_file():
                shutil.copy2(src, scratch / name)
        for rel, text in writes.items():
            (scratch / rel).parent.mkdir(parents=True, exist_ok=True)
            (scratch / rel).write_text(text, encoding="utf-8")
        _, problems = validate(scratch)
    return problems


def field_of(message: str, line: int, column: int, text: str, rel: str) -> list | None:
    """The form field a message concerns: the one it names (字段「figures[0].source」),
    else the deepest value starting on its line before its column."""
    named = re.search(r"字段「([A-Za-z_][\w\[\].]*)」", message)
    if named:
        return [int(p) if p.isdigit() else p for p in re.findall(r"[A-Za-z_]\w*|\d+", named.group(1))]
    from kb.content.textfile import TextFile
    from kb.content.yamlfile import load_yaml
    loaded, _ = load_yaml(TextFile(Path(rel), rel, text))
    best = None
    for path, (ln, col) in (loaded.value_marks.items() if loaded else ()):
        if ln == line and col <= column and (best is None or len(path) > len(best)):
            best = path
    return list(best) if best is not None else None


def case_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)


def check_case(root: Path, case_id: str, data: dict) -> list[dict]:
    """Our validator's messages on this case as the form holds it, each with its field."""
    data = {k: v for k, v in data.items() if k != "body"}  # the trial's CMS body field: case.md is its own file
    rel = f"cases/{case_id}/case.yml"
    text = case_yaml(data)
    return [{"level": p.level, "message": p.message, "line": p.line,
             "field": field_of(p.message, p.line, p.column, text, rel)}
            for p in run_validator(root, {rel: text}) if p.path == rel]


def errors_in(root: Path, rel: str, text: str) -> list[str]:
    return [p.message for p in run_validator(root, {rel: text}) if p.path == rel and not p.is_warning]


# ------------------------------------------------------------ the server

def make_app(pages: Path, modules: Path, own: Path, root: Path, timings: list):
    """The small ASGI app the form candidates (and the CMS pages) are served by."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    async def validate(request):
        body = await request.json()
        start = time.perf_counter()
        messages = await run_in_threadpool(check_case, root, body.get("id") or CASE, body["data"])
        timings.append((time.perf_counter() - start) * 1000)
        return JSONResponse({"messages": messages})

    return Starlette(routes=[
        Route("/api/validate", validate, methods=["POST"]),
        Mount("/npm", app=StaticFiles(directory=modules, follow_symlink=True)),
        Mount("/own", app=StaticFiles(directory=own, check_dir=False)),
        Mount("/", app=StaticFiles(directory=pages, html=True)),
    ])


@contextlib.contextmanager
def serve(app, log_level: str = "warning"):
    import uvicorn
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level=log_level, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the trial's ASGI app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}/"
    finally:
        server.should_exit = True
        thread.join(10)


@contextlib.contextmanager
def decap_server(modules: Path, repo: Path):
    """decap-server on a free loopback port, writing into repo (its default MODE=fs)."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "error"}
    proc = subprocess.Popen(["node", str(modules / "decap-server/dist/index.js")], cwd=repo, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import urllib.request
        for _ in range(100):
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=b'{"action":"info","params":{}}',
                                             headers={"content-type": "application/json"})
                urllib.request.urlopen(req, timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("decap-server did not start")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


# ------------------------------------------------------------- the pages

def cms_config(backend: dict) -> str:
    alternatives = {"name": "alternatives", "label": "其他来源的数值", "label_singular": "其他数值", "widget": "list",
                    "required": False, "collapsed": False, "fields": [
                        {"name": "value", "label": "数值", "widget": "string"},
                        {"name": "source", "label": "来源", "widget": "string"},
                        {"name": "note", "label": "说明", "widget": "string", "required": False}]}
    figures = {"name": "figures", "label": "数据", "label_singular": "数据", "widget": "list", "required": False,
               "collapsed": False, "fields": [
                   {"name": "label", "label": "指标名称", "widget": "string"},
                   {"name": "value", "label": "数值", "widget": "string"},
                   {"name": "unit", "label": "单位", "widget": "string", "required": False},
                   {"name": "source", "label": "来源", "widget": "string"}, alternatives]}
    config = {**backend, "media_folder": "media", "collections": [{
        "name": "cases", "label": "案例", "folder": "cases", "path": "{{slug}}/case", "extension": "yml",
        "format": "yml", "create": True, "identifier_field": "id", "slug": "{{id}}", "fields": [
            {"name": "id", "label": "编号", "widget": "string", "pattern": [SLUG, "只能用小写字母、数字和连字符"]},
            {"name": "title", "label": "标题", "widget": "string"}, figures,
            # case.md is a file of its own in our layout; a CMS entry is one file, so the trial
            # gives the Markdown editor a field of the entry (left out when validating).
            {"name": "body", "label": "正文", "widget": "markdown", "required": False}]}]}
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


# Both CMSes call our validator from their preSave hook (the only place a
# hook sees the whole entry) and refuse the save with its messages.
PRESAVE = """<script>
CMS.registerEventListener({name: 'preSave', handler: async ({entry}) => {
  if (!window.kbHook) return;
  const data = entry.get('data').toJS();
  const r = await fetch('/api/validate', {method: 'POST', headers: {'content-type': 'application/json'},
                                          body: JSON.stringify({id: data.id, data})});
  const errors = (await r.json()).messages.filter(m => m.level === '错误');
  window.kbMessages = errors;
  if (errors.length) throw new Error(errors.map(m => m.message).join('；'));
}});
</script>"""

CMS_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<link href="config.yml" type="application/yaml" rel="cms-config-url"></head><body>{before}
<script src="{script}"></script>{presave}</body></html>"""

# The folder picker, answered with a folder of the origin-private file system.
OPFS_PICKER = """<script>
window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
</script>"""
OPFS_SEED = """async (files) => {
  const root = await navigator.storage.getDirectory();
  const repo = await root.getDirectoryHandle('repo', {create: true});
  await repo.getDirectoryHandle('.git', {create: true});
  for (const [path, text] of Object.entries(files)) {
    let dir = repo; const parts = path.split('/');
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, {create: true});
    const w = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await w.write(text); await w.close();
  }
}"""
OPFS_READ = """async (path) => {
  let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
  const parts = path.split('/');
  try {
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
    return await (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
  } catch (e) { return null; }
}"""

FORM_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
{css}</head><body><div id="form"></div><div id="md"></div>
<script src="/npm/@json-editor/json-editor/dist/jsoneditor.js"></script>
{head}
<script type="module">
{imports}
const schema = await (await fetch('case.schema.json')).json();
const startval = await (await fetch('{case}.json')).json();
// Our validator's messages join json-editor's own through its documented hook.
window.kbServer = [];
JSONEditor.defaults.custom_validators.push((schema, value, path) => window.kbServer.filter(e => e.path === path));
const started = performance.now();
const je = new JSONEditor(document.getElementById('form'), {{schema, startval, show_errors: 'change'}});
window.je = je;
je.on('ready', () => {{
  window.kbFormMs = performance.now() - started;
  window.kbOwnErrors = je.validate(je.getValue()).map(e => e.path + ': ' + e.message);  // json-editor's own, on a valid case
  window.kbFormReady = true;
}});
window.kbCheck = async () => {{
  const r = await fetch('/api/validate', {{method: 'POST', headers: {{'content-type': 'application/json'}},
                                          body: JSON.stringify({{id: '{case}', data: je.getValue()}})}});
  const messages = (await r.json()).messages;
  window.kbServer = messages.filter(m => m.field).map(m => ({{path: ['root', ...m.field].join('.'), property: 'kb', message: m.message}}));
  je.root.showValidationErrors(je.validate(je.getValue()));
  return messages;
}};
{editor}
</script></body></html>"""

TOAST_EDITOR = """window.md = new Editor({{el: document.getElementById('md'), language: 'zh-CN', initialEditType: 'markdown',
  previewStyle: 'vertical', height: '400px', initialValue: ''{extra}}});
window.kbMarkdown = () => window.md.getMarkdown();
window.kbMdReady = true;"""
VDITOR_EDITOR = """window.md = new Vditor('md', {{lang: 'zh_CN', height: 400, value: '', cache: {{enable: false}}{extra},
  after: () => {{ window.kbMdReady = true; }}}});
window.kbMarkdown = () => window.md.getValue();"""


def write_pages(pages: Path, modules: Path, decap_port: int) -> None:
    from kb.content.yamlfile import quick_load
    data, _ = quick_load((ROOT / "cases" / CASE / "case.yml").read_text(encoding="utf-8"))
    (pages / "form").mkdir(parents=True)
    (pages / "form" / f"{CASE}.json").write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    shutil.copy2(ROOT / "schemas" / "case.schema.json", pages / "form" / "case.schema.json")
    for name, backend, script, before in (
            ("decap", {"backend": {"name": "git-gateway"}, "locale": "zh_Hans",
                       "local_backend": {"url": f"http://127.0.0.1:{decap_port}/api/v1"}},
             "/npm/decap-cms/dist/decap-cms.js", ""),
            ("sveltia", {"backend": {"name": "github", "repo": "tongren/kb", "branch": "main"}},
             "/npm/@sveltia/cms/dist/sveltia-cms.js", OPFS_PICKER)):
        (pages / name).mkdir()
        (pages / name / "config.yml").write_text(cms_config(backend), encoding="utf-8")
        (pages / name / "index.html").write_text(
            CMS_PAGE.format(title=name, before=before, script=script, presave=PRESAVE), encoding="utf-8")
    (pages / "sveltia" / "seed.html").write_text("<!doctype html><title>seed</title>", encoding="utf-8")

    toast = {p: f"/npm/{p}/" + ("index.js" if p == "w3c-keyname" else "dist/index.js") for p in TOAST_IMPORTS}
    toast["@toast-ui/editor"] = "/npm/@toast-ui/editor/dist/esm/index.js"
    importmap = f'<script type="importmap">{json.dumps({"imports": toast})}</script>'
    for page, title, css, head, imports, editor in (
            ("toast-default", "Toast UI（默认设置）", "/npm/@toast-ui/editor/dist/toastui-editor.css", importmap,
             'import Editor from "@toast-ui/editor"; import "/npm/@toast-ui/editor/dist/esm/i18n/zh-cn.js";',
             TOAST_EDITOR.format(extra="")),
            ("toast", "Toast UI", "/npm/@toast-ui/editor/dist/toastui-editor.css", importmap,
             'import Editor from "@toast-ui/editor"; import "/npm/@toast-ui/editor/dist/esm/i18n/zh-cn.js";',
             TOAST_EDITOR.format(extra=", usageStatistics: false")),
            ("vditor-default", "Vditor（默认设置）", "/npm/vditor/dist/index.css",
             '<script src="/npm/vditor/dist/index.min.js"></script>', "", VDITOR_EDITOR.format(extra="")),
            ("vditor", "Vditor", "/npm/vditor/dist/index.css", '<script src="/npm/vditor/dist/index.min.js"></script>',
             "", VDITOR_EDITOR.format(extra=", cdn: '/npm/vditor'"))):
        (pages / "form" / f"{page}.html").write_text(FORM_PAGE.format(
            title=title, css=f'<link rel="stylesheet" href="{css}">', head=head, imports=imports, case=CASE,
            editor=editor), encoding="utf-8")


def own_files(modules: Path) -> list[Path]:
    """E: the desk's static JS and CSS as they are now, and turndown's browser file."""
    files = sorted(p for p in DESK_STATIC.rglob("*") if p.suffix in (".js", ".css") and p.is_file()) \
        if DESK_STATIC.is_dir() else []
    turndown = next((modules / "turndown" / f for f in TURNDOWN_FILES if (modules / "turndown" / f).exists()), None)
    return files + ([turndown] if turndown else [])


def write_own_page(pages: Path, modules: Path) -> None:
    tags = []
    for f in own_files(modules):
        url = (f"/own/{f.relative_to(DESK_STATIC).as_posix()}" if DESK_STATIC in f.parents
               else f"/npm/{f.relative_to(modules).as_posix()}")
        if f.suffix == ".css":
            tags.append(f'<link rel="stylesheet" href="{url}">')
        else:
            module = re.search(r"^\s*(import|export)\s", f.read_text(encoding="utf-8", errors="replace"), re.M)
            tags.append(f'<script src="{url}"{" type=module" if module else ""}></script>')
    (pages / "own").mkdir()
    (pages / "own" / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>编辑台</title>'
        + "".join(t for t in tags if t.startswith("<link")) + "</head><body><main id=desk></main>"
        + "".join(t for t in tags if t.startswith("<script")) + "</body></html>", encoding="utf-8")


# ------------------------------------------------------- browser helpers

class Watch:
    """Every request of a context: the ones leaving 127.0.0.1 are recorded and
    refused (or answered from the package when `answer` says so); local JS and
    CSS are kept, to be measured from disk."""

    def __init__(self, context, answer=None):
        self.outside: list[str] = []
        self.answered: list[str] = []
        self.local: list[str] = []
        self.answer = answer
        context.route("**/*", self._route)
        context.on("request", self._request)

    def _route(self, route):
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1":
            route.continue_()
            return
        body = self.answer(url) if self.answer else None
        if body is not None:
            self.answered.append(url)
            route.fulfill(status=200, body=body, content_type="application/json")
            return
        self.outside.append(url)
        route.abort()

    def _request(self, request):
        if urlparse(request.url).hostname == "127.0.0.1" and request.resource_type in ("script", "stylesheet"):
            self.local.append(request.url)

    def report(self) -> dict:
        return {"count": len(self.outside), "distinct": len({u.split("?")[0] for u in self.outside}),
                "hosts": sorted({urlparse(u).hostname or u for u in self.outside})}


def served_file(path: str, pages: Path, modules: Path) -> Path:
    """The file on disk behind a URL path of the trial's app or the desk's."""
    vendor = {"/vendor/turndown.js": "turndown/lib/turndown.browser.umd.js",
              "/vendor/turndown-plugin-gfm.js": "turndown-plugin-gfm/dist/turndown-plugin-gfm.js"}
    if path in vendor:
        return modules / vendor[path]
    for prefix, folder in (("/npm/", modules), ("/own/", DESK_STATIC), ("/static/", DESK_STATIC)):
        if path.startswith(prefix):
            return folder / path[len(prefix):]
    return pages / path.lstrip("/")


def sizes(urls, pages: Path, modules: Path) -> dict:
    """Bytes and gzip bytes of the distinct JS and CSS files these URLs name."""
    files = [served_file(urlparse(u).path, pages, modules) for u in dict.fromkeys(urls)]
    return file_sizes([f for f in files if f.is_file()], modules)


def file_sizes(files: list[Path], modules: Path) -> dict:
    raw = [f.read_bytes() for f in files]
    return {"bytes": sum(map(len, raw)), "gzip": sum(len(gzip.compress(b, 9)) for b in raw), "files": len(files),
            "names": [str(f.relative_to(modules)) if modules in f.parents else
                      str(f.relative_to(ROOT)) if ROOT in f.parents else f.name for f in files]}


UI_STRINGS = """() => {
  // The tool's own words: buttons, tooltips, placeholders, alerts, menus, tabs
  // (the field labels are Chinese in the CMS configs and come from the schema in the forms).
  const seen = [];
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  for (const e of document.querySelectorAll('button, [role=button], [role=menuitem], [role=alert], [role=tab], a, input[placeholder], textarea[placeholder], [title], [aria-label]')) {
    if (!visible(e)) continue;
    for (const t of [e.matches('input, textarea') ? '' : e.innerText, e.getAttribute('title'), e.getAttribute('aria-label'), e.getAttribute('placeholder')]) {
      const s = (t || '').replace(/[\\u2066-\\u2069]/g, '').replace(/\\s+/g, ' ').trim();
      if (s && /[A-Za-z\\u3400-\\u9fff]/.test(s)) seen.push(s);
    }
  }
  return [...new Set(seen)];
}"""


def chinese(strings: list[str]) -> dict:
    """UI strings with Chinese in them, and the English ones (Latin words, no Chinese)."""
    english = [s for s in strings if LATIN_WORD.search(s) and not CJK.search(s)]
    return {"strings": len(strings), "chinese": sum(1 for s in strings if CJK.search(s)), "english": english[:25]}


def click_button(page, pattern: str, last: bool = False) -> bool:
    """Click a visible button (or menu item) whose text, bidi marks left out, matches pattern."""
    return page.evaluate("""([pattern, last]) => {
      const re = new RegExp(pattern);
      const found = [...document.querySelectorAll('button, [role=button], [role=menuitem]')].filter(b =>
        b.getBoundingClientRect().width > 0 && re.test(b.innerText.replace(/[\\u2066-\\u2069]/g, '').trim()));
      const b = last ? found.at(-1) : found[0];
      if (b) b.click();
      return !!b;
    }""", [pattern, last])


def press(page, pattern: str) -> None:
    if not click_button(page, pattern):
        page.get_by_text(re.compile(pattern)).first.click(timeout=5000)


def has_button(page, pattern: str) -> bool:
    return page.evaluate("""pattern => [...document.querySelectorAll('button, [role=button]')].some(b =>
      new RegExp(pattern).test(b.innerText.replace(/[\\u2066-\\u2069]/g, '').trim()))""", pattern)


def mark_input(page, value: str, attr: str = "data-kb-target") -> bool:
    """Tag the first input holding value; when there is none yet, scroll the last
    one into view (Sveltia renders a list's items as they come into view)."""
    return page.evaluate("""([value, attr]) => {
      document.querySelectorAll('[' + attr + ']').forEach(e => e.removeAttribute(attr));
      const inputs = [...document.querySelectorAll('input, textarea')];
      const i = inputs.find(i => i.value === value);
      if (i) i.setAttribute(attr, '1');
      else if (inputs.length) {  // scroll the form's pane on by most of a screen
        let c = inputs.at(-1).parentElement;
        while (c && !(c.scrollHeight > c.clientHeight + 10 && /auto|scroll/.test(getComputedStyle(c).overflowY))) c = c.parentElement;
        c = c || document.scrollingElement;
        if (c.scrollTop + c.clientHeight >= c.scrollHeight - 5) c.scrollTop = 0;  // at the end: from the top again
        else c.scrollTop += Math.max(200, c.clientHeight * 0.7);
      }
      return !!i;
    }""", [value, attr])


def nested_add(page) -> str | None:
    """The add button of figures[0].alternatives: the nearest one around the tagged
    input that is still inside figures[0] (not around figures[1]'s label)."""
    return page.evaluate("""other => {
      const f = document.querySelector('[data-kb-target]');
      const next = [...document.querySelectorAll('input, textarea')].find(i => i.value === other);
      const name = b => (b.innerText || b.getAttribute('title') || b.getAttribute('aria-label') || '').replace(/[\\u2066-\\u2069]/g, '').replace(/\\s+/g, ' ').trim();
      for (let a = f && f.parentElement; a; a = a.parentElement) {
        if (next && a.contains(next)) return null;
        const b = [...a.querySelectorAll('button, [role=button]')].find(b => /添加|新增|增加|(^|\\s)add\\b|^\\+$/i.test(name(b)));
        if (b) return name(b).slice(0, 40);
      }
      return null;
    }""", "村民人均收入")  # figures[1].label of the case


def message_place(page, token: str) -> dict | None:
    """Where our message shows, against the field it is about (the tagged input):
    of the places the message appears, the nearest; the gap in pixels and
    whether it shares the field's column."""
    return page.evaluate("""token => {
      const field = document.querySelector('[data-kb-target]');
      const places = [...document.querySelectorAll('body *')].filter(e => !e.matches('script, style, input, textarea')
        && e.textContent.includes(token) && ![...e.children].some(c => c.textContent.includes(token))
        && e.getBoundingClientRect().width > 0);
      if (!places.length) return null;
      if (!field) return {shown: true, text: places[0].textContent.trim().slice(0, 160)};
      field.scrollIntoView({block: 'center'});
      const f = field.getBoundingClientRect();
      const measured = places.map(e => {
        const n = e.getBoundingClientRect();
        return {gap_px: Math.round(Math.max(0, n.top - f.bottom, f.top - n.bottom)),
                same_column: Math.min(n.right, f.right) - Math.max(n.left, f.left) > 0,
                text: e.textContent.trim().slice(0, 160)};
      }).sort((a, b) => (b.same_column - a.same_column) || (a.gap_px - b.gap_px));
      const best = measured[0];
      return {shown: true, places: measured.length, beside: best.gap_px < 80 && best.same_column, ...best};
    }""", token)


def paste_word(page, selector: str) -> str | None:
    """Paste Word's HTML into the editor: first as a paste event carrying Word's own
    clipboard HTML; if the editor ignores a synthetic event (Decap's), through the
    browser's clipboard and Ctrl+V (Chromium cleans the HTML on the way: its
    conditional comments and <style> go, styles are inlined). Says which it took."""
    target = page.locator(f"{selector} >> visible=true").last
    if not target.count():
        return None
    target.click()
    content = lambda: target.evaluate("e => e.value !== undefined ? e.value : e.innerText")  # noqa: E731
    before = content()
    target.evaluate("""(el, [html, text]) => {
      const dt = new DataTransfer();
      dt.setData('text/html', html); dt.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
    }""", [WORD_HTML, WORD_TEXT])
    page.wait_for_timeout(400)
    if content() != before:
        return "event"
    page.evaluate("""async ([html, text]) => navigator.clipboard.write([new ClipboardItem({
      'text/html': new Blob([html], {type: 'text/html'}), 'text/plain': new Blob([text], {type: 'text/plain'})})])""",
                  [WORD_HTML, WORD_TEXT])
    target.click()
    page.keyboard.press("Control+V")
    page.wait_for_timeout(400)
    return "clipboard"


def word_score(markdown: str | None) -> dict:
    """What survived of the Word paste: heading, bold, the list item, no Word markup."""
    m = markdown or ""
    checks = {"heading": bool(re.search(r"^#{1,6}\s*背景", m, re.M)),
              "bold": bool(re.search(r"(\*\*|__)合作社(\*\*|__)", m)),
              "list": bool(re.search(r"^\s*(?:[-*+]|\d+[.)])\s+土地入股", m, re.M)),
              "clean": bool(m) and not re.search(r"mso-|<o:p|<span|style=|Mso|<!\[", m)}
    return {"kept": sum(checks.values()), "of": len(checks), **checks, "markdown": m[:400]}


def wait_for(page, predicate, seconds: float = 15, step: float = 0.2):
    """Poll predicate, waiting through the page: a plain sleep would also stop the
    request routing (sync Playwright runs its handlers only inside its own calls)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(step * 1000)
    return predicate()


def verdict(rel: str, text: str) -> dict:
    """Our validator on one file as written (the rest of the content as it is)."""
    problems = [p for p in run_validator(ROOT, {rel: text}) if p.path == rel]
    return {"our_errors": sum(1 for p in problems if not p.is_warning),
            "our_warnings": sum(1 for p in problems if p.is_warning)}


def yaml_rewrite(before: str, after: str | None) -> dict:
    """What a save did to the file: comments kept, lines of the original rewritten."""
    if after is None:
        return {"written": False}
    comments = lambda t: sum(1 for line in t.splitlines() if line.lstrip().startswith("#"))  # noqa: E731
    kept = sum(1 for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d.startswith("  "))
    lines = len(before.splitlines())
    try:
        lost = sorted(set(yaml.safe_load(before)) - set(yaml.safe_load(after) or {}))
    except yaml.YAMLError:
        lost = []
    return {"written": True, "comments_before": comments(before), "comments_after": comments(after),
            "lines_before": lines, "lines_rewritten": lines - kept, "keys_lost": lost,
            **verdict(f"cases/{CASE}/case.yml", after)}


# -------------------------------------------------------- the candidates

def new_context(chromium, answer=None):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                   permissions=["clipboard-read", "clipboard-write"])
    return context, Watch(context, answer)


def new_page(context, result: dict):
    """A page whose script errors are kept in the result (refused requests aside);
    'leave this page?' is answered yes."""
    page = context.new_page()
    errors = result.setdefault("script_errors", [])
    page.on("pageerror", lambda e: errors.append(str(e)[:200]) if len(errors) < 10 else None)
    page.on("console", lambda m: errors.append(m.text[:200]) if m.type == "error" and len(errors) < 10
            and "ERR_FAILED" not in m.text and "status of 4" not in m.text else None)
    page.on("dialog", lambda d: d.accept())
    busy = INFLIGHT[id(page)] = [0]

    def done(request):
        if request.resource_type in ("fetch", "xhr"):
            busy[0] -= 1
    page.on("request", lambda r: busy.__setitem__(0, busy[0] + 1) if r.resource_type in ("fetch", "xhr") else None)
    page.on("requestfinished", done)
    page.on("requestfailed", done)
    return page


INFLIGHT: dict[int, list[int]] = {}


def settle(page, seconds: float = 10) -> None:
    """Let the page's own requests finish (a check started by typing, say) before the next step."""
    page.wait_for_timeout(1000)  # debounced checks start after a pause in typing
    busy = INFLIGHT.get(id(page), [0])
    wait_for(page, lambda: busy[0] <= 0, seconds, 0.1)


def fill_label(page, label: str, value: str, nth: int = 0) -> None:
    page.get_by_label(re.compile(r"^\s*" + label)).nth(nth).fill(value)


def cms_new_entry(page, result: dict, save, read_new) -> None:
    """A new case in a CMS: the nested add buttons, a Word paste into the body, and a
    save of a case our validator would refuse, with the hook off (what does the
    CMS itself let through?)."""
    if not wait_for(page, lambda: has_button(page, "数据$"), 30):
        raise RuntimeError("the new-entry form did not come up")
    result["ui_up"] = True
    click_button(page, "数据$", last=True)
    new = result["new_entry"] = {"nested_add_button": bool(wait_for(page, lambda: has_button(page, "其他数值$"), 5))}
    if new["nested_add_button"]:
        click_button(page, "其他数值$", last=True)
        page.wait_for_timeout(300)
    new["nested_inputs"] = page.get_by_label(re.compile(r"^\s*来源")).count()
    for label, value, nth in (("编号", "newcase", 0), ("标题", "新案例", 0), ("指标名称", "人口", 0),
                              ("数值", "100", 0), ("来源", "daba-gzrb-2016", 0)):
        fill_label(page, label, value, nth)
    if new["nested_inputs"] > 1:
        fill_label(page, "数值", "１００", 1)
        fill_label(page, "来源", BAD_SOURCE, 1)
    pasted = paste_word(page, "[contenteditable=true]")
    page.wait_for_timeout(500)
    save()
    text = wait_for(page, read_new, 15)
    new["written"] = text is not None
    if text:
        data = yaml.safe_load(text) or {}
        result["word_paste"] = {**word_score(data.pop("body", None)), "pasted_by": pasted}
        new["yaml"] = text[:600]
        new.update(verdict("cases/newcase/case.yml", case_yaml(data)))


def case_text() -> str:
    return (ROOT / "cases" / CASE / "case.yml").read_text(encoding="utf-8")


def target_note() -> str:
    return yaml.safe_load(case_text())["figures"][0]["alternatives"][0]["note"]


def edit_case(page, result: dict, open_case, save, read_case, shot: Path, drafts=None) -> None:
    """The 大坝村 case: open it, find figures[0].alternatives[0].note and its list's
    add button, put 【@id】 in the note, save (or check), see where our message
    lands; then put the note back, change the title, save, and compare the file."""
    original, note = case_text(), target_note()
    start = time.perf_counter()
    open_case()
    if not wait_for(page, lambda: mark_input(page, note), 30):
        raise RuntimeError("the case form did not show figures[0].alternatives[0].note")
    result["open_case_s"] = time.perf_counter() - start
    result["nested_add"] = nested_add(page)
    page.locator("[data-kb-target]").fill(BAD_CITE + note)
    page.locator("[data-kb-target]").dispatch_event("change")
    page.evaluate("window.kbHook = true")  # the CMS pages' preSave hook asks our validator
    settle(page)
    save()
    result["our_message"] = wait_for(page, lambda: message_place(page, MESSAGE_TOKEN), 10) or {"shown": False}
    page.screenshot(path=str(shot))
    if read_case is None:
        return  # the forms: saving is our server's, as in E
    text = read_case()
    result["invalid_save"] = {"file_unchanged": text == original, "drafts": drafts() if drafts else []}
    page.keyboard.press("Escape")  # a dialog about the draft, if any
    page.wait_for_timeout(300)
    if not mark_input(page, BAD_CITE + note):  # the editor closed on save (Sveltia): open the case again
        open_case()
        if not wait_for(page, lambda: mark_input(page, BAD_CITE + note) or mark_input(page, note), 30):
            raise RuntimeError("the case did not open again after the save")
    page.locator("[data-kb-target]").fill("")  # by way of empty: React ignores a change back to its last value
    page.locator("[data-kb-target]").fill(note)
    title = yaml.safe_load(original)["title"]
    if mark_input(page, title, "data-kb-title"):
        page.locator("[data-kb-title]").fill(title + "（试）")
    settle(page)
    save()
    after = wait_for(page, lambda: (lambda t: t if t and "（试）" in t else None)(read_case()), 15)
    result["save_of_case"] = yaml_rewrite(original, after)


def trial_decap(chromium, base: str, repo: Path, shots: Path) -> dict:
    context, watch = new_context(chromium)
    result: dict = {"ui_up": False}
    page = new_page(context, result)

    def publish():
        press(page, "^发布$")
        page.wait_for_timeout(500)
        press(page, "^立即发布$")
    try:
        start = time.perf_counter()
        page.goto(base + "decap/index.html")
        page.get_by_text("登录", exact=True).wait_for(timeout=60_000)
        result["first_screen_s"] = time.perf_counter() - start
        page.get_by_text("登录", exact=True).click()
        page.wait_for_timeout(500)
        page.goto(base + "decap/index.html#/collections/cases/new")
        new_file = repo / "cases/newcase/case.yml"
        cms_new_entry(page, result, publish, lambda: new_file.read_text(encoding="utf-8") if new_file.exists() else None)
        result["size"] = watch.local[:]
        result["ui_chinese"] = chinese(page.evaluate(UI_STRINGS))
        page.screenshot(path=str(shots / "decap.png"))
        case_file = repo / "cases" / CASE / "case.yml"

        def open_case():
            page.goto(base + "decap/index.html#/collections/cases")
            page.get_by_text(CASE, exact=True).first.click(timeout=15_000)
        edit_case(page, result, open_case, publish, lambda: case_file.read_text(encoding="utf-8"),
                  shots / "decap-message.png")
    except Exception as exc:  # a benchmark reports what failed and goes on
        result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        page.screenshot(path=str(shots / "decap-error.png"))
    result["outside"] = watch.report()
    context.close()
    return result


def sveltia_local(page, base: str, original: str) -> float:
    """Seed the browser's private folder with the case, open Sveltia, pick 'the folder'."""
    page.goto(base + "sveltia/seed.html")
    page.evaluate(OPFS_SEED, {f"cases/{CASE}/case.yml": original})
    start = time.perf_counter()
    page.goto(base + "sveltia/index.html")
    if not wait_for(page, lambda: click_button(page, "Local Repository|本地"), 60, 0.1):
        raise RuntimeError("no button for the local repository")
    seconds = time.perf_counter() - start
    page.wait_for_timeout(1500)
    return seconds


def trial_sveltia(chromium, base: str, modules: Path, shots: Path) -> dict:
    original = (ROOT / "cases" / CASE / "case.yml").read_text(encoding="utf-8")
    context, watch = new_context(chromium)
    result: dict = {"ui_up": False}
    page = new_page(context, result)
    save = lambda: press(page, "^(Save|保存)$")  # noqa: E731
    try:
        result["first_screen_s"] = sveltia_local(page, base, original)
        page.goto(base + "sveltia/index.html#/collections/cases/new")
        cms_new_entry(page, result, save, lambda: page.evaluate(OPFS_READ, "cases/newcase/case.yml"))
        result["size"] = watch.local[:]
        result["ui_chinese"] = chinese(page.evaluate(UI_STRINGS))
        page.screenshot(path=str(shots / "sveltia.png"))
        edit_case(page, result, lambda: page.goto(base + f"sveltia/index.html#/collections/cases/entries/{CASE}/case"),
                  save, lambda: page.evaluate(OPFS_READ, f"cases/{CASE}/case.yml"), shots / "sveltia-message.png")
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        page.screenshot(path=str(shots / "sveltia-error.png"))
    result["outside"] = watch.report()
    context.close()

    # The same screens with the locale request answered, as it is online (the file
    # it fetches from unpkg ships in the package: locales/zh-CN.json).
    locales = modules / "@sveltia/cms/locales"

    def answer(url: str):
        name = urlparse(url).path.rsplit("/", 1)[-1]
        return (locales / name).read_bytes() if "/locales/" in url and (locales / name).exists() else None
    context, watch = new_context(chromium, answer)
    page = new_page(context, {})
    try:
        sveltia_local(page, base, original)
        page.goto(base + "sveltia/index.html#/collections/cases/new")
        wait_for(page, lambda: has_button(page, "数据$"), 30)
        result["ui_chinese_online"] = chinese(page.evaluate(UI_STRINGS))
        page.screenshot(path=str(shots / "sveltia-online.png"))
    except Exception as exc:
        result["ui_chinese_online"] = {"error": str(exc).splitlines()[0][:200]}
    result["outside_online"] = {**watch.report(), "answered": len(watch.answered)}
    context.close()
    return result


def trial_form(chromium, base: str, editor: str, shots: Path) -> dict:
    """C and D: the default settings first (what leaves the machine, does the UI come
    up), then the settings that keep it local, on which the rest is measured."""
    result: dict = {}
    context, watch = new_context(chromium)
    page = new_page(context, result)
    page.goto(base + f"form/{editor}-default.html")
    result["default_ui_up"] = bool(wait_for(page, lambda: page.evaluate("!!window.kbMdReady"), 15))
    page.wait_for_timeout(1000)
    result["outside_default"] = {**watch.report(), "urls": sorted({u.split("?")[0] for u in watch.outside})[:6]}
    page.screenshot(path=str(shots / f"{editor}-default.png"))
    context.close()

    context, watch = new_context(chromium)
    page = new_page(context, result)
    try:
        edit_case(page, result, lambda: page.goto(base + f"form/{editor}.html"), lambda: page.evaluate("window.kbCheck()"),
                  None, shots / f"{editor}-message.png")
        result["ui_up"] = page.evaluate("!!(window.kbFormReady && window.kbMdReady)")
        result["size"] = watch.local[:]
        result["languages"] = page.evaluate("Object.keys(JSONEditor.defaults.languages)")
        result["strings_to_translate"] = page.evaluate("Object.keys(JSONEditor.defaults.languages.en).length")
        result["ui_chinese"] = chinese(page.evaluate(UI_STRINGS))
        result["type_switchers"] = page.evaluate("document.querySelectorAll('select.je-switcher').length")
        result["own_errors_on_valid_case"] = page.evaluate("window.kbOwnErrors")
        page.screenshot(path=str(shots / f"{editor}.png"))
        pasted = paste_word(page, "#md [contenteditable=true]")
        page.wait_for_timeout(800)
        result["word_paste"] = {**word_score(page.evaluate("window.kbMarkdown()")), "pasted_by": pasted}
        if editor == "toast":  # Toast's other mode, its WYSIWYG editor
            page.evaluate("window.md.setMarkdown(''); window.md.changeMode('wysiwyg')")
            pasted = paste_word(page, "#md .toastui-editor-ww-container [contenteditable=true]")
            page.wait_for_timeout(800)
            result["word_paste_wysiwyg"] = {**word_score(page.evaluate("window.kbMarkdown()")), "pasted_by": pasted}
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    result["outside"] = watch.report()
    context.close()
    return result


def desk_project(tmp: Path, modules: Path) -> Path:
    """A committed copy of the content for the desk to edit, its vendor files from the cache."""
    root = tmp / "desk-project"
    root.mkdir()
    for name in (*CONTENT, "schemas", "mkdocs.yml", "package.json"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        elif src.is_file():
            shutil.copy2(src, root / name)
    (root / "node_modules").symlink_to(modules)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2020-12-16T10:46:00", "GIT_COMMITTER_DATE": "2020-12-16T10:46:00"}
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "bench"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env, stdout=subprocess.DEVNULL)
    return root


def trial_own(chromium, base: str, pages: Path, modules: Path, tmp: Path, shots: Path) -> dict:
    """E: the desk itself when kb.desk.app can be started (on a copy of the content);
    otherwise its static files and turndown on a blank page."""
    files = own_files(modules)
    result: dict = {"desk_static_files": sum(1 for f in files if DESK_STATIC in f.parents),
                    "size_files": file_sizes(files, modules)}
    try:
        from kb.desk.app import create_app
        project = desk_project(tmp, modules)
        app = create_app(project)
    except Exception as exc:
        result["desk_app"] = f"not started: {type(exc).__name__}: {str(exc)[:160]}"
        return trial_own_static(chromium, base, modules, shots, result)
    result["desk_app"] = "kb.desk.app.create_app on a committed copy of the content"
    failed = result["server_errors"] = []  # the desk's 5xx answers (its tracebacks are not printed)
    with serve(app, "critical") as desk:
        context, watch = new_context(chromium)
        page = new_page(context, result)
        page.on("response", lambda r: failed.append(f"{r.status} {urlparse(r.url).path}") if r.status >= 500 else None)
        try:
            start = time.perf_counter()
            page.goto(desk)
            if not wait_for(page, lambda: page.evaluate(
                    "[...document.querySelectorAll('#item-list li, #item-list a, #item-list button')].length > 0"), 30):
                raise RuntimeError("the desk's list did not come up")
            result["first_screen_s"] = time.perf_counter() - start
            result["ui_up"] = True
            result["size"] = watch.local[:]
            folder = project / "cases" / CASE
            before = {p.name for p in folder.iterdir()}
            edit_case(page, result, lambda: page.locator("#item-list").get_by_text(re.compile("大坝村")).first.click(),
                      lambda: press(page, "^保存$"), lambda: (folder / "case.yml").read_text(encoding="utf-8"),
                      shots / "own-message.png", lambda: sorted({p.name for p in folder.iterdir()} - before))
            result["ui_chinese"] = chinese(page.evaluate(UI_STRINGS))
            page.screenshot(path=str(shots / "own.png"))
            area = page.locator("textarea.markdown").last
            if area.count():
                area.fill("")
                pasted = paste_word(page, "textarea.markdown")
                page.wait_for_timeout(300)
                result["word_paste"] = {**word_score(area.input_value()), "pasted_by": pasted}
        except Exception as exc:
            result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
            page.screenshot(path=str(shots / "own-error.png"))
        result["outside"] = watch.report()
        context.close()
    return result


def trial_own_static(chromium, base: str, modules: Path, shots: Path, result: dict) -> dict:
    context, watch = new_context(chromium)
    page = new_page(context, result)
    page.goto(base + "own/index.html")
    page.wait_for_timeout(1500)
    result["ui_up"] = None  # not measured: no desk to run
    result["word_paste"] = word_score(page.evaluate(
        "html => window.KbEditor ? window.KbEditor.htmlToMarkdown(html) : typeof TurndownService === 'undefined' ? "
        "null : new TurndownService({headingStyle: 'atx', bulletListMarker: '-'}).turndown(html)", WORD_HTML))
    page.screenshot(path=str(shots / "own.png"))
    result["outside"] = watch.report()
    context.close()
    return result


def preview_ms(root: Path) -> float:
    """The server's preview of the case's Markdown with the site's extensions."""
    import markdown
    from kb.render.extensions import configs, names
    text = (root / "cases" / CASE / "case.md").read_text(encoding="utf-8")
    times = []
    for _ in range(5):
        start = time.perf_counter()
        markdown.Markdown(extensions=names(), extension_configs=configs()).convert(text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def locale_shipped(modules: Path) -> dict:
    """Is a simplified-Chinese locale among the package's files?"""
    def grep(path: Path, needle: str) -> bool:
        return path.exists() and needle.encode() in path.read_bytes()
    return {"A": grep(modules / "decap-cms/dist/decap-cms.js", "zh_Hans"),
            "B": (modules / "@sveltia/cms/locales/zh-CN.json").exists(),
            "C": (modules / "@toast-ui/editor/dist/i18n/zh-cn.js").exists(),
            "D": (modules / "vditor/dist/js/i18n/zh_CN.js").exists(),
            "json-editor": grep(modules / "@json-editor/json-editor/dist/jsoneditor.js", "languages.zh")}


# ----------------------------------------------------------------- report

NAMES = {"A": "A Decap CMS + decap-server", "B": "B Sveltia CMS, local folder", "C": "C json-editor + Toast UI",
         "D": "D json-editor + Vditor", "E": "E our own + turndown"}
FIXES = {"C": "usageStatistics: false", "D": "cdn: '/npm/vditor' (the package's own files)"}


def _kb(n) -> str:
    return f"{n / 1024:,.0f}"


def _message(key: str, r: dict) -> str:
    m = r.get("our_message") or {}
    if not m.get("shown"):
        hooks = any("hooks" in e for e in r.get("script_errors", []))
        return "not shown" + (" (the preSave hook did not run offline)" if hooks else "")
    text = (f"{'beside the field' if m.get('beside') else 'not beside the field'}, {m.get('gap_px', '?')} px"
            + ("" if m.get("same_column", True) else ", other column"))
    return text


def _invalid_save(key: str, r: dict) -> str:
    s = r.get("invalid_save")
    if key in "CD":
        return "our server's (as E)"
    if not s:
        return "-"
    if not s["file_unchanged"]:
        return "written over the file"
    return f"refused, draft {', '.join(s['drafts'])}" if s["drafts"] else "refused, no draft (work stays in the browser)"


def _save(r: dict, key: str) -> str:
    s = r.get("save_of_case") or {}
    if key in "CD":
        return "our server's (as E)"
    if not s.get("written"):
        return "not written"
    return (f"{s['comments_after']}/{s['comments_before']} comments, {s['lines_rewritten']}/{s['lines_before']} lines "
            f"rewritten, ours: {s['our_errors']} errors {s['our_warnings']} warnings")


def tables(results: dict) -> str:
    lines = ["| candidate | first screen JS+CSS KB (gzip) | files | zh locale in package | UI strings in Chinese "
             "(offline) | requests leaving 127.0.0.1 (hosts) | UI up offline |", "|---|---:|---:|---|---|---|---|"]
    for key, r in results["candidates"].items():
        size = r.get("size_files") or {}
        zh = r.get("ui_chinese") or {}
        zh_text = f"{zh['chinese']}/{zh['strings']}" if zh.get("strings") else "-"
        if (r.get("ui_chinese_online") or {}).get("strings"):
            o = r["ui_chinese_online"]
            zh_text += f" (online: {o['chinese']}/{o['strings']})"
        out = r.get("outside") or {}
        outside = (f"{out.get('count', '?')}" + (f", {out['distinct']} distinct" if out.get("count") else "")
                   + f" ({', '.join(out.get('hosts', [])) or '-'})")
        up = "yes" if r.get("ui_up") else "not measured" if r.get("ui_up") is None else "no"
        if "outside_default" in r:
            d = r["outside_default"]
            outside = f"default {d['count']} ({', '.join(d['hosts']) or '-'}); with {FIXES[key]}: {out.get('count', '?')}"
            up = f"default {'yes' if r['default_ui_up'] else 'no'}; with the setting {up}"
        shipped = results["locale"].get(key)
        lines.append(f"| {NAMES[key]} | {_kb(size.get('bytes', 0))} ({_kb(size.get('gzip', 0))}) | "
                     f"{size.get('files', 0)} | {'-' if shipped is None else 'yes' if shipped else 'no'} | {zh_text} | "
                     f"{outside} | {up} |")
    lines += ["", "| candidate | add button of figures[0].alternatives | our message on that field | open the "
              f"{CASE} case s | Word paste kept | save with our error | valid save of the case: what the file keeps | "
              "new case our validator refuses, saved |", "|---|---|---|---:|---|---|---|---|"]
    for key, r in results["candidates"].items():
        wp = r.get("word_paste") or {}
        paste = f"{wp['kept']}/{wp['of']}" if wp else "-"
        if r.get("word_paste_wysiwyg"):
            paste += f" (WYSIWYG {r['word_paste_wysiwyg']['kept']}/{r['word_paste_wysiwyg']['of']})"
        new = r.get("new_entry") or {}
        bad = (f"yes ({new['our_errors']} errors)" if new.get("written") and new.get("our_errors") else
               "no" if new.get("written") is False else "-")
        opened = f"{r['open_case_s']:.1f}" if "open_case_s" in r else "-"
        lines.append(f"| {NAMES[key]} | {r.get('nested_add') or 'none found'} | {_message(key, r)} | {opened} | "
                     f"{paste} | {_invalid_save(key, r)} | {_save(r, key)} | {bad} |")
    lines += ["", f"Our validator through the trial's ASGI app: median {results['validate_ms']:.0f} ms a check "
              f"({results['validate_calls']} checks); the server's preview of {CASE}/case.md with the site's "
              f"Markdown extensions: {results['preview_ms']:.1f} ms."]
    errors = [f"  {k}: {r['error']}" for k, r in results["candidates"].items() if r.get("error")]
    errors += [f"  {k}: the server answered {', '.join(r['server_errors'][:3])}"
               for k, r in results["candidates"].items() if r.get("server_errors")]
    return "\n".join(lines + (["Failed steps:", *errors] if errors else []))


def run(root: Path = ROOT, out: Path | None = None, cache: Path = CACHE, only: str = "ABCDE") -> tuple[dict, str]:
    from playwright.sync_api import sync_playwright
    out = out or root / "bench-results"
    shots = out / "desk-trial"  # screenshots of each candidate's screens, for the record
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):
        old.unlink()
    mimetypes.add_type("text/yaml", ".yml")
    setup = install(cache)
    modules = cache / "node_modules"
    timings: list[float] = []
    results: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "pins": PINS,
                     "resolved": resolved(modules, TOAST_IMPORTS), "install": setup}
    candidates = {}
    with tempfile.TemporaryDirectory(prefix="kb-desk-trial-") as tmp:
        tmp = Path(tmp)
        repo, pages = tmp / "repo", tmp / "pages"
        (repo / "cases" / CASE).mkdir(parents=True)
        shutil.copy2(root / "cases" / CASE / "case.yml", repo / "cases" / CASE / "case.yml")
        pages.mkdir()
        with decap_server(modules, repo) as port, serve(make_app(pages, modules, DESK_STATIC, root, timings)) as base, \
                sync_playwright() as p:
            write_pages(pages, modules, port)
            write_own_page(pages, modules)
            chromium = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
            for key, job in (("A", lambda: trial_decap(chromium, base, repo, shots)),
                             ("B", lambda: trial_sveltia(chromium, base, modules, shots)),
                             ("C", lambda: trial_form(chromium, base, "toast", shots)),
                             ("D", lambda: trial_form(chromium, base, "vditor", shots)),
                             ("E", lambda: trial_own(chromium, base, pages, modules, tmp, shots))):
                if key not in only:
                    continue
                start = time.perf_counter()
                r = job()
                r["trial_s"] = time.perf_counter() - start
                if "size" in r:
                    r["size_files"] = sizes(r.pop("size"), pages, modules)
                candidates[key] = r
                print(f"   {NAMES[key]}: {r['trial_s']:.0f} s" + (f" ({r['error']})" if r.get("error") else ""),
                      flush=True)
            chromium.close()
    results["candidates"] = candidates
    results["locale"] = {**locale_shipped(modules), "E": None}
    results["validate_ms"] = statistics.median(timings) if timings else float("nan")
    results["validate_calls"] = len(timings)
    results["preview_ms"] = preview_ms(root)
    report = tables(results)
    (out / "desk-trial.json").write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str),
                                         encoding="utf-8")
    return results, report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "bench-results"))
    parser.add_argument("--cache", default=str(CACHE), help="where the pinned npm packages are installed")
    parser.add_argument("--only", default="ABCDE", help="the candidates to try, e.g. AE")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    _, report = run(ROOT, Path(args.out), Path(args.cache), args.only.upper())
    print(report)
    print(f"\n{time.perf_counter() - start:.0f} s; written: {Path(args.out) / 'desk-trial.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
