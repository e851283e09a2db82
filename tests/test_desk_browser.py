"""The editing desk in the real browser, started by its real command
(kb-desk serve) on a fixture project: what an organiser does with a mouse
and keyboard. The screenshots of the guide (使用说明 › 编辑台) are taken
here: UPDATE_SCREENSHOTS=1 writes them into docs/assets/desk/."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import ROOT, VENV_BIN
from desk_project import desk_project, git
from test_a11y import TAGS

AXE = ROOT / "node_modules/axe-core/axe.min.js"
SHOTS = ROOT / "docs/assets/desk"
# Each screenshot the guide shows: taken below, in this order.
SHOT_NAMES = ["desk-list.webp", "desk-form.webp", "desk-error.webp", "desk-editor.webp", "desk-publish.webp", "desk-history.webp"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def desk_url(tmp_path_factory):
    project = desk_project(tmp_path_factory.mktemp("desk"))
    port = free_port()
    process = subprocess.Popen([str(VENV_BIN / "kb-desk"), "serve", "--root", str(project), "--port", str(port), "--steps", "site"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if process.poll() is not None:
                raise AssertionError(process.stdout.read())
            time.sleep(0.1)
    yield url, project
    process.terminate()
    process.wait(10)


@pytest.fixture
def page(chromium, desk_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else None)
    page.goto(desk_url[0])
    page.wait_for_selector("#item-list .item")
    yield page
    context.close()
    assert not outside, outside  # the desk works with no network
    assert not [p for p in problems if "status of 422" not in p], problems


def shot(page, name: str, tmp_path: Path) -> None:
    """A screenshot for the guide: into docs/ when asked, else checked to exist there."""
    assert name in SHOT_NAMES
    target = (SHOTS if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    # WebP at 80: a fifth of the PNG, and the text stays sharp (the guide is read over 3G too).
    Image.open(io.BytesIO(page.screenshot())).save(target, "WEBP", quality=80, method=6)
    assert (SHOTS / name).exists(), f"docs/assets/desk/{name} is missing: run UPDATE_SCREENSHOTS=1 pytest {__file__}"


def open_case(page, title: str):
    page.get_by_role("button", name=title).click()
    page.wait_for_selector(".item-form")
    page.wait_for_selector("#summary p")  # the first check has answered


def test_edit_a_case_and_save_with_ctrl_s(page, desk_url, tmp_path):
    url, project = desk_url
    shot(page, "desk-list.webp", tmp_path)
    open_case(page, "示例村：用于测试的案例")
    title = page.get_by_label("案例标题")
    assert title.input_value() == "示例村：用于测试的案例"
    title.fill("示例村：在浏览器里改的标题")
    assert "（有未保存的修改）" in page.evaluate("getComputedStyle(document.querySelector('.item-head h2'), '::after').content")
    shot(page, "desk-form.webp", tmp_path)
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.body.classList.contains('dirty')")
    page.wait_for_selector("#status.show")
    assert "已保存" in page.locator("#status").inner_text()
    saved = yaml.safe_load((project / "cases/shili/case.yml").read_text(encoding="utf-8"))
    assert saved["title"] == "示例村：在浏览器里改的标题"


def test_a_message_appears_beside_the_field_while_typing(page, desk_url, tmp_path):
    url, project = desk_url
    before = (project / "cases/shili/case.yml").read_text(encoding="utf-8")
    open_case(page, "示例村：在浏览器里改的标题")
    date = page.locator('[data-path="figures.0.date"] input')
    date.fill("2017.3")
    message = page.locator('[data-path="figures.0.date"] .msg.error')
    message.wait_for(timeout=15000)
    assert "2017-03" in message.inner_text()
    assert date.get_attribute("aria-invalid") == "true"
    date.scroll_into_view_if_needed()
    shot(page, "desk-error.webp", tmp_path)
    # Saving keeps it as a draft; the real file stays as it was.
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_role("dialog").get_by_text("有错误，已存为草稿").wait_for()
    page.get_by_role("button", name="继续修改").click()
    assert (project / "cases/shili/case.yml").read_text(encoding="utf-8") == before
    assert (project / "cases/shili/case.yml.draft").exists()
    page.get_by_role("button", name="丢弃草稿").click()
    page.wait_for_function("() => document.getElementById('draft-bar') && document.getElementById('draft-bar').hidden")
    assert not (project / "cases/shili/case.yml.draft").exists()


def test_lists_grow_and_reorder(page, desk_url):
    url, project = desk_url
    open_case(page, "示例村：在浏览器里改的标题")
    themes = page.locator('[data-path="themes"]')
    themes.get_by_role("button", name="添加一项：主题列表").click()
    page.keyboard.type("乡村治理")
    themes.locator("li").nth(1).get_by_role("button", name="上移").click()
    people = page.locator('[data-path="people"]')
    people.get_by_role("button", name="添加一项：人物").click()
    entry = people.locator("li.entry").nth(1)
    entry.get_by_label("姓名").fill("李四")
    entry.get_by_label("身份或职务").fill("村委会主任")
    entry.get_by_label("这一条依据的来源 id").select_option("src-b")  # a picker, not a typed id
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.body.classList.contains('dirty')")
    saved = yaml.safe_load((project / "cases/shili/case.yml").read_text(encoding="utf-8"))
    assert saved["themes"] == ["乡村治理", "产业发展"]
    assert saved["people"][1] == {"name": "李四", "role": "村委会主任", "source": "src-b"}


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head>
<body><!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->
<h2 class="MsoHeading2"><span lang="ZH-CN">做法</span></h2>
<p class="MsoNormal"><b><span style="font-family:宋体">合作社</span></b><span>统一收购。<o:p></o:p></span></p>
<table class="MsoTableGrid"><tr><td><p>年份</p></td><td><p>收入</p></td></tr><tr><td><p>2020</p></td><td><p>120 万元</p></td></tr></table>
</body></html>"""


def test_text_pasted_from_word_becomes_clean_markdown(page, desk_url, tmp_path):
    open_case(page, "示例村：在浏览器里改的标题")
    area = page.locator('[data-text="case.md"] textarea')
    area.click()
    page.keyboard.press("Control+End")
    page.evaluate("""html => {
        const area = document.querySelector('[data-text="case.md"] textarea');
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', 'plain');
        area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""", WORD_HTML)
    text = area.input_value()
    assert "## 做法" in text and "**合作社**统一收购。" in text
    assert "| 年份 | 收入 |" in text and "| 2020 | 120 万元 |" in text
    assert "mso" not in text.lower() and "<" not in text.split("## 做法")[1]
    page.locator('[data-text="case.md"] .md-preview h2', has_text="做法").wait_for()
    page.locator('[data-text="case.md"]').scroll_into_view_if_needed()
    shot(page, "desk-editor.webp", tmp_path)
    page.get_by_role("button", name="重新打开").click()
    page.get_by_role("button", name="不保存，离开").click()  # leaving with unsaved changes asks first


def test_a_picture_dropped_in_asks_for_its_alt_text(page, desk_url):
    url, project = desk_url
    open_case(page, "示例村：在浏览器里改的标题")
    from desk_project import picture
    page.locator('[data-text="case.md"] input[type=file]').set_input_files(
        {"name": "茶园.png", "mimeType": "image/png", "buffer": picture()})
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="插入图片").click()  # empty alt text: refused
    assert dialog.is_visible()
    dialog.get_by_role("textbox").fill("示例村的茶园")
    dialog.get_by_role("button", name="插入图片").click()
    page.wait_for_function("() => document.querySelector('[data-text=\"case.md\"] textarea').value.includes('![示例村的茶园](chayuan.png)')")
    assert (project / "cases/shili/chayuan.png").exists()
    page.get_by_role("button", name="重新打开").click()
    page.get_by_role("button", name="不保存，离开").click()


def test_leaving_with_unsaved_changes_asks_first(page, desk_url):
    open_case(page, "示例村：在浏览器里改的标题")
    page.get_by_label("案例标题").fill("示例村：没保存的修改")
    page.get_by_role("button", name="课程").click()
    page.get_by_role("dialog").get_by_text("还有没保存的修改").wait_for()
    page.get_by_role("button", name="留在这里").click()
    assert page.get_by_label("案例标题").input_value() == "示例村：没保存的修改"
    # Closing the tab or going elsewhere asks the browser's own question.
    asked = []
    page.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    with pytest.raises(Exception):  # the navigation is cancelled: the organiser stayed
        page.goto("about:blank", timeout=3000)
    assert asked == ["beforeunload"]
    assert page.get_by_label("案例标题").input_value() == "示例村：没保存的修改"


def test_publish_and_history(page, desk_url, tmp_path):
    url, project = desk_url
    open_case(page, page.locator(".item-title", has_text="示例村").first.inner_text())
    page.get_by_label("案例标题").fill("示例村：在浏览器里改的标题")
    page.get_by_label("概要").fill("示例村的概要：发布前在编辑台里改过。")
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.body.classList.contains('dirty')")
    page.get_by_role("button", name="发布").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("你的名字").fill("李四")
    dialog.get_by_label("这次改了什么").fill("改了示例村的标题和人物")
    shot(page, "desk-publish.webp", tmp_path)
    dialog.get_by_role("button", name="发布").click()
    page.wait_for_function("() => /发布完成|没有完成/.test((document.querySelector('.job-step') || {}).textContent)", timeout=240000)
    assert "发布完成" in page.locator(".job-step").inner_text(), page.locator(".job-log").inner_text()
    assert git(project, "log", "-1", "--format=%an|%s").strip() == "李四|改了示例村的标题和人物"
    page.get_by_role("button", name="关闭（发布在后台继续）").click()
    page.get_by_role("button", name="历史").click()
    page.get_by_role("cell", name="改了示例村的标题和人物").wait_for()
    page.get_by_role("button", name="看改了什么").first.click()
    page.locator(".diff .add", has_text="在浏览器里改的标题").first.wait_for()
    shot(page, "desk-history.webp", tmp_path)


def test_the_desk_has_no_accessibility_violation(chromium, desk_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 860}, bypass_csp=True)
    page = context.new_page()
    page.goto(desk_url[0])
    page.wait_for_selector("#item-list .item")
    found = {}
    for view in ("list", "form", "dialog"):
        if view == "form":
            open_case(page, page.locator(".item-title").first.inner_text())
        if view == "dialog":
            page.get_by_role("button", name="发布").click()
        page.add_script_tag(path=str(AXE))
        found[view] = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}).then(r =>
            r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))""", TAGS)
    context.close()
    assert not any(found.values()), found
