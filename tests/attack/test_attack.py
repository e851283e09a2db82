"""Tests that attack: the payload corpus in every text field and in case.md,
built by the real pipeline on each engine, opened in Chromium over http://127.0.0.1
and from file:// (the USB edition's build), every element hovered, focused
and clicked. Many payloads per page keep the browser part near a minute.

The case.md checker is taken out of these builds (project.build), so what it
would refuse reaches the sanitiser: the sanitiser alone must hold. The
checker itself is tested in tests/test_security.py."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import browse
from conftest import ENGINES
import payloads
import project
from kb.bench.browser import serve


@pytest.fixture(scope="module")
def attack_project(tmp_path_factory):
    """The payload project, made once: both engines build it (the build only reads it)."""
    root = tmp_path_factory.mktemp("attack-project")
    counts = project.make_project(root / "project", payloads.TEXT, payloads.MARKDOWN, payloads.URLS)
    return root / "project", counts


@pytest.fixture(scope="module", params=ENGINES)
def attacked(request, attack_project, tmp_path_factory):
    source, counts = attack_project
    root = tmp_path_factory.mktemp(f"attack-{request.param}")
    shutil.copytree(source, root / "project", symlinks=True)  # the tests read root / "project"
    project.build(root / "project", root / "served", engine=request.param)
    project.build(root / "project", root / "usb", offline=True, engine=request.param)
    return root, counts


def test_the_corpus_reaches_every_kind_of_field(attacked):
    _, counts = attacked
    assert len(payloads.TEXT) >= 100 and len(payloads.MARKDOWN) >= 100
    assert counts["payloads_kept"] >= 100          # accepted by the validator somewhere, so printed
    assert counts["kept"] >= 2000                  # placements that reached a page
    assert counts["markdown_kept"] >= 100          # case.md and docs blocks the sanitiser alone must handle
    # URLs the URL check accepts are only those that are URLs; they are printed as text.
    assert all(u.startswith(("http://", "https://")) and not re.search(r"[\s\"'`<>{}]", u)
               for u in counts["urls_kept"])


class _Links(HTMLParser):
    """Attributes that would make text act: link targets, sources, ids, classes."""

    def __init__(self):
        super().__init__()
        self.acting: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "href":  # the fragment is an anchor made of letters, digits and -
                value = (value or "").split("#")[0]
            if name in ("href", "src", "class", "style", "action") or name.startswith("on"):
                self.acting.append(f"{tag} {name}={value}")


def test_yaml_text_never_becomes_markup(attacked):
    """Every generated page, rendered by the build's Markdown engine: no
    payload from YAML became a link, an image, an attribute or a class."""
    from kb.check.markdown_check import render
    from kb.render.pages import render_pages
    from kb.check.validation import validate

    root, _ = attacked
    col, _ = validate(root / "project")
    for item in col.cases.values():
        item.narrative.clear()  # case.md is Markdown on purpose: the sanitiser's part, tested below
    for uri, text in render_pages(col).items():
        parser = _Links()
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter: the hook's part
        parser.feed(render(body, root / "project" / "mkdocs.yml"))
        acting = [a for a in parser.acting if re.search(r"alert|evil\.example|msgbox|mermaid", a, re.I)]
        assert acting == [], f"{uri}: {acting[:5]}"


class _Attrs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = re.sub(r"[\x00-\x20]+", "", value or "").lower()
            if name.startswith("on") or value.startswith(("javascript:", "vbscript:")) or \
                    name in ("href", "src", "action", "formaction") and value.startswith("data:"):
                self.bad.append(f"<{tag} {name}={value[:40]}>")


def test_no_page_holds_a_handler_or_a_script_link(attacked):
    root, _ = attacked
    for site in ("served", "usb"):
        for page in (root / site).rglob("*.html"):
            parser = _Attrs()
            parser.feed(page.read_text(encoding="utf-8"))
            assert parser.bad == [], f"{site}/{page.relative_to(root / site)}: {parser.bad[:5]}"


def test_titles_are_printed_as_text(attacked, chromium):
    root, _ = attacked
    site = root / "usb"
    page = chromium.new_page()
    page.goto((site / "cases" / "shili.html").as_uri())
    title = page.title()
    header = page.inner_text(".md-header__topic:last-child .md-ellipsis")
    h1 = page.inner_text("article h1")
    page.close()
    # The case title is a payload the validator accepted: shown exactly, run never.
    assert "<" in h1 and h1 in title and h1 == header.strip(), (title, header, h1)


def test_front_matter_of_a_hand_written_page_is_text(attacked, chromium):
    root, _ = attacked
    page = chromium.new_page()
    page.goto((root / "usb" / "attack.html").as_uri())
    assert page.title().startswith(project.PAGE_META["title"])
    description = page.get_attribute('meta[name="description"]', "content")
    assert description == project.PAGE_META["description"]
    page.close()


def test_every_page_has_a_policy(attacked):
    root, _ = attacked
    for site in ("served", "usb"):
        for page in (root / site).rglob("*.html"):
            head = page.read_text(encoding="utf-8").split("</head>")[0]
            assert head.count('http-equiv="Content-Security-Policy"') == 1, page


def test_served_site_runs_nothing_and_loads_nothing(attacked, chromium):
    root, _ = attacked
    site = root / "served"
    with serve(site) as base:
        found = browse.visit(chromium, base, browse.html_pages(site, per_folder=2), (base,), ["alert"])
    assert found.pages >= 10 and found.elements > 3000 and found.requests > 50  # it really looked
    assert found.clean(), found


def test_usb_edition_from_file_runs_nothing_and_loads_nothing(attacked, chromium):
    """The site's own search runs in the page from file://: no worker, no
    frame, no inline script of its own, under the same hash-only policy."""
    root, _ = attacked
    site = root / "usb"
    base = site.as_uri() + "/"
    found = browse.visit(chromium, base, browse.html_pages(site, per_folder=2), (base,), ["alert"])
    assert found.pages >= 10 and found.elements > 3000 and found.requests > 50
    assert found.clean(), found


def test_the_browser_check_can_fail(attacked, chromium, tmp_path):
    """Control: unsanitised payloads on a page of the same site are caught."""
    root, _ = attacked
    site = tmp_path / "site"
    shutil.copytree(root / "usb", site)
    page = site / "index.html"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    live = ('<img src=x onerror="alert(1)"><img src="http://evil.example/x.png">'
            '<a href="javascript:alert(2)">x</a><p onmouseover="alert(3)">y</p>')
    page.write_text(text.replace("</article>", live + "</article>", 1), encoding="utf-8")
    base = site.as_uri() + "/"
    found = browse.visit(chromium, base, ["index.html"], (base,))
    assert len(found.dialogs) >= 2 and found.outside and found.bad_links, found
