"""The editing desk's behaviour through its HTTP API, on a fixture project:
saves are validated, nothing is lost, versions are git commits."""

from __future__ import annotations

import json
import time

import pytest
import yaml

from desk_project import client, desk_project, git, headers, picture


@pytest.fixture
def project(tmp_path):
    return desk_project(tmp_path)


@pytest.fixture
def desk(project):
    return client(project)


def open_item(desk, kind, item_id):
    response = desk.get(f"/api/items/{kind}/{item_id}")
    assert response.status_code == 200, response.text
    return response.json()


def save(desk, kind, item_id, item, **extra):
    body = {"version": item["version"], "data": item["data"], "texts": item["texts"], **extra}
    return desk.put(f"/api/items/{kind}/{item_id}", json=body, headers=headers(desk))


def test_lists_every_kind_with_titles(desk):
    cases = desk.get("/api/items/case").json()["items"]
    assert {c["id"] for c in cases} == {"mimi", "shili"}
    assert any(c["title"].startswith("示例村") for c in cases)
    assert desk.get("/api/items/case?q=示例村").json()["items"][0]["id"] == "shili"
    assert {s["id"] for s in desk.get("/api/items/source").json()["items"]} >= {"src-a", "src-b"}
    assert "示例法" in {t["id"] for t in desk.get("/api/items/term").json()["items"]}
    assert desk.get("/api/items/handbook").json()["items"]
    assert desk.get("/api/items/course").json()["items"]


def test_meta_gives_the_models_schemas_and_pickers(desk):
    meta = desk.get("/api/meta").json()
    case = meta["kinds"]["case"]["schema"]
    assert "标题" in case["properties"]["title"]["description"]
    assert case["$defs"]["Figure"]["properties"]["alternatives"]["type"] == "array"  # nested lists of objects
    assert {"id": "src-a"}.items() <= meta["options"]["source"][0].items()


def test_a_save_keeps_comments_and_untouched_lines(project, desk):
    path = project / "cases/shili/case.yml"
    path.write_text("# 编者注：这一行必须留下\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    item = open_item(desk, "case", "shili")
    item["data"]["title"] = "示例村：改过的标题"
    response = save(desk, "case", "shili", item)
    assert response.status_code == 200, response.text
    assert response.json()["saved"] == "file"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 编者注：这一行必须留下\n")
    assert "title: 示例村：改过的标题\n" in text
    assert "  - {label: 茶园, value: 1000, unit: 亩, date: 2020-10, source: src-a}\n" in text  # not rewritten
    assert yaml.safe_load(text)["figures"][2]["value"] == "5000余"


def test_an_invalid_save_is_kept_as_a_draft_beside_the_item(project, desk):
    path = project / "cases/shili/case.yml"
    before = path.read_text(encoding="utf-8")
    item = open_item(desk, "case", "shili")
    item["data"]["figures"][0]["value"] = "一千"
    item["data"]["figures"][0]["date"] = "2017.3"
    response = save(desk, "case", "shili", item)
    assert response.status_code == 422
    body = response.json()
    assert body["saved"] == "draft"
    fields = {tuple(m["field"]) for m in body["messages"] if m["level"] == "错误"}
    assert ("figures", 0, "value") in fields and ("figures", 0, "date") in fields
    assert any("2017-03" in m["message"] for m in body["messages"])
    assert path.read_text(encoding="utf-8") == before  # the valid file is untouched
    draft = project / "cases/shili/case.yml.draft"
    assert "一千" in draft.read_text(encoding="utf-8")
    # The list says so, the item brings the draft back, the validator ignores it.
    listed = {c["id"]: c for c in desk.get("/api/items/case").json()["items"]}
    assert listed["shili"]["draft"] is True
    assert open_item(desk, "case", "shili")["draft"]["data"]["figures"][0]["value"] == "一千"
    from kb.check.validation import validate
    assert not [p for p in validate(project)[1] if "draft" in p.path]
    # Confirmed, it replaces the file (and the draft is gone).
    response = save(desk, "case", "shili", item, confirm=True)
    assert response.status_code == 200 and "一千" in path.read_text(encoding="utf-8")
    assert not draft.exists()


def test_a_second_tab_cannot_overwrite_a_newer_save(project, desk):
    first = open_item(desk, "case", "shili")
    second = open_item(desk, "case", "shili")
    first["data"]["title"] = "示例村：第一个窗口"
    assert save(desk, "case", "shili", first).status_code == 200
    second["data"]["title"] = "示例村：第二个窗口"
    response = save(desk, "case", "shili", second)
    assert response.status_code == 409
    assert "另一个窗口" in response.json()["error"]
    assert "第一个窗口" in (project / "cases/shili/case.yml").read_text(encoding="utf-8")


def test_markdown_text_is_saved_with_the_form(project, desk):
    item = open_item(desk, "case", "shili")
    assert "case.md" in item["texts"]
    item["texts"]["case.md"] = item["texts"]["case.md"] + "\n## 启示\n\n新写的一段。[@src-a]\n"
    assert save(desk, "case", "shili", item).status_code == 200
    assert "新写的一段。[@src-a]" in (project / "cases/shili/case.md").read_text(encoding="utf-8")
    item = open_item(desk, "case", "shili")
    item["texts"]["case.md"] += "\n引用不存在的来源[@no-such-source]\n"
    body = save(desk, "case", "shili", item).json()
    assert any(m["text"] == "case.md" and "no-such-source" in m["message"] for m in body["messages"])


def test_a_text_file_name_cannot_leave_the_item_folder(desk):
    item = open_item(desk, "handbook", "shili-shouce")
    for name in ("../../sources.yml", "/etc/passwd", "..\\x.md", "case.yml"):
        body = {"version": item["version"], "data": item["data"], "texts": {name: "x"}}
        response = desk.put("/api/items/handbook/shili-shouce", json=body, headers=headers(desk))
        assert response.status_code == 400, name


def test_handbook_chapters_reorder_and_their_texts_open(project, desk):
    item = open_item(desk, "handbook", "shili-shouce")
    assert "preface.md" in item["texts"] and "chapter-2.md" in item["texts"]
    chapters = item["data"]["chapters"]
    item["data"]["chapters"] = list(reversed(chapters))
    assert save(desk, "handbook", "shili-shouce", item).status_code == 200
    saved = yaml.safe_load((project / "handbooks/shili-shouce/handbook.yml").read_text(encoding="utf-8"))
    assert [c["title"] for c in saved["chapters"]] == [c["title"] for c in reversed(chapters)]


def test_create_and_delete_keep_what_exists(project, desk):
    response = desk.post("/api/items/case", json={"id": "xinde", "title": "新的案例"}, headers=headers(desk))
    assert response.status_code == 201, response.text
    assert (project / "cases/xinde/case.yml").exists() and (project / "cases/xinde/case.md").exists()
    again = desk.post("/api/items/case", json={"id": "shili", "title": "重名"}, headers=headers(desk))
    assert again.status_code == 409
    assert "示例村" in (project / "cases/shili/case.yml").read_text(encoding="utf-8")
    bad = desk.post("/api/items/case", json={"id": "../x", "title": "t"}, headers=headers(desk))
    assert bad.status_code == 400
    response = desk.delete("/api/items/case/xinde", headers=headers(desk))
    assert response.status_code == 200
    assert not (project / "cases/xinde").exists()
    assert list((project / ".desk-trash").glob("*/cases/xinde/case.yml"))


def test_a_source_is_one_entry_of_sources_yml(project, desk):
    path = project / "sources.yml"
    path.write_text("# 来源清单的说明\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    item = open_item(desk, "source", "src-b")
    item["data"]["publisher"] = "新的发布单位"
    assert save(desk, "source", "src-b", item).status_code == 200
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 来源清单的说明\n")
    data = yaml.safe_load(text)
    assert [s["id"] for s in data["sources"]][:2] == ["src-a", "src-b"]
    assert data["sources"][1]["publisher"] == "新的发布单位"
    item = open_item(desk, "source", "src-b")
    item["data"]["url"] = "ftp://example.org/x"
    body = save(desk, "source", "src-b", item).json()
    assert ["url"] in [m["field"] for m in body["messages"]]
    assert (project / "sources.yml.src-b.draft").exists()
    created = desk.post("/api/items/source", json={"id": "src-new", "title": "新来源"}, headers=headers(desk))
    assert created.status_code == 201
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["sources"][-1]["id"] == "src-new"


def test_a_glossary_term_is_named_by_its_chinese_text(project, desk):
    item = open_item(desk, "term", "示例法")
    item["data"]["note"] = "编辑台写的说明"
    assert save(desk, "term", "示例法", item).status_code == 200
    terms = yaml.safe_load((project / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    assert next(t for t in terms if t["term"] == "示例法")["note"] == "编辑台写的说明"


def test_pictures_are_checked_resized_and_stored_beside_the_case(project, desk):
    url = "/api/items/case/shili/picture"
    ok = desk.post(url, files={"file": ("茶园 照片.png", picture(), "image/png")}, headers=headers(desk))
    assert ok.status_code == 201, ok.text
    assert ok.json()["name"] == "chayuan-zhaopian.png" and (project / "cases/shili/chayuan-zhaopian.png").exists()
    big = desk.post(url, files={"file": ("big.jpg", picture("JPEG", (4000, 3000), noise=True), "image/jpeg")},
                    headers=headers(desk))
    assert big.status_code == 201 and big.json()["resized"] and max(big.json()["width"], big.json()["height"]) <= 2000
    from kb.check.attachments import IMAGE_LIMIT
    assert (project / "cases/shili" / big.json()["name"]).stat().st_size <= IMAGE_LIMIT
    fake = desk.post(url, files={"file": ("x.png", b"<script>alert(1)</script>", "image/png")}, headers=headers(desk))
    assert fake.status_code == 415
    mislabelled = desk.post(url, files={"file": ("x.png", picture("JPEG"), "image/png")}, headers=headers(desk))
    assert mislabelled.status_code == 415 and "扩展名" in mislabelled.json()["error"]
    svg = desk.post(url, files={"file": ("x.svg", b"<svg/>", "image/svg+xml")}, headers=headers(desk))
    assert svg.status_code == 415


def test_live_preview_shows_the_pictures_beside_the_case(project, desk):
    (project / "cases/shili/chayuan.png").write_bytes(picture())
    html = desk.post("/api/markdown", json={"text": "![茶园](chayuan.png)", "kind": "case", "id": "shili"},
                     headers=headers(desk)).json()["html"]
    assert 'src="/api/items/case/shili/file/chayuan.png"' in html
    assert desk.get("/api/items/case/shili/file/chayuan.png").content == picture()
    for name in ("case.yml", "..%2Fmimi%2Fcase.yml", "%2E%2E", ".hidden.png"):
        assert desk.get(f"/api/items/case/shili/file/{name}").status_code == 404, name


def test_live_preview_uses_the_sites_markdown_and_sanitiser(desk):
    html = desk.post("/api/markdown", json={"text": "## 小标题\n\n**粗**[@src-a]<script>x()</script>"},
                     headers=headers(desk)).json()["html"]
    assert "<h2" in html and "<strong>粗</strong>" in html and "〔来源：" in html
    assert "<script" not in html and "headerlink" not in html


def finished(desk, job: dict, seconds: float = 120) -> dict:
    """The publish job once it has stopped running."""
    deadline = time.time() + seconds
    while job["state"] == "running" and time.time() < deadline:
        time.sleep(0.3)
        job = desk.get(f"/api/jobs/{job['id']}").json()
    return job


def test_publish_saves_a_version_then_builds(project):
    import sys
    step = ("生成网站（学员版）", [sys.executable, "-c", "from kb.cli.site import main; import sys; sys.exit(main(['site', '--root', '.', '--site-dir', 'site', '--work', 'build']))"])
    desk = client(project, steps=[step])
    item = open_item(desk, "case", "shili")
    item["data"]["title"] = "示例村：发布前改的"
    assert save(desk, "case", "shili", item).status_code == 200
    assert desk.post("/api/publish", json={"message": "改标题"}, headers=headers(desk)).status_code == 400  # no name
    job = desk.post("/api/publish", json={"author": "李四", "message": "改了示例村的标题"}, headers=headers(desk)).json()
    job = finished(desk, job)
    assert job["state"] == "done", job["log"]
    assert job["done"] == job["total"] == 3
    assert (project / "site/cases/shili/index.html").exists()
    assert "发布前改的" in (project / "site/cases/shili/index.html").read_text(encoding="utf-8")
    assert git(project, "log", "-1", "--format=%an|%s").strip() == "李四|改了示例村的标题"
    assert git(project, "status", "--porcelain", "--", "cases").strip() == ""


def test_publish_refuses_content_with_errors(project):
    desk = client(project)
    (project / "cases/shili/case.yml").write_text("id: shili\ntitle: [\n", encoding="utf-8")
    job = desk.post("/api/publish", json={"author": "李四", "message": "坏的"}, headers=headers(desk)).json()
    job = finished(desk, job)
    assert job["state"] == "failed" and "没有发布" in job["log"]
    assert git(project, "log", "--format=%s").splitlines() == ["初始内容"]


def test_history_lists_shows_and_restores_versions(project, desk):
    from kb.desk.history import save_version
    item = open_item(desk, "case", "shili")
    item["data"]["title"] = "示例村：第二版"
    assert save(desk, "case", "shili", item).status_code == 200
    second = save_version(project, "王五", "第二版")
    versions = desk.get("/api/history").json()["versions"]
    assert [v["message"] for v in versions] == ["第二版", "初始内容"] and versions[0]["author"] == "王五"
    changes = desk.get(f"/api/history/{second}").json()
    assert changes["files"][0]["path"] == "cases/shili/case.yml"
    assert "+title: 示例村：第二版" in changes["diff"]
    # Restoring the first version after unsaved work: the work is saved first.
    (project / "cases/shili/case.md").write_text("未保存的修改\n", encoding="utf-8")
    response = desk.post(f"/api/history/{versions[1]['rev']}/restore", json={"author": "王五"}, headers=headers(desk))
    assert response.status_code == 200, response.text
    assert "示例村：用于测试的案例" in (project / "cases/shili/case.yml").read_text(encoding="utf-8")
    log = git(project, "log", "--format=%s").splitlines()
    assert log[0].startswith("恢复到") and log[1] == "恢复旧版本前自动保存的修改"
    assert "未保存的修改" in git(project, "show", "HEAD~1:cases/shili/case.md")
    assert desk.get("/api/history/notarev").status_code == 404
    assert desk.get("/api/history/" + "0" * 40).status_code == 404


def test_every_write_is_logged_with_its_user(project, desk):
    item = open_item(desk, "case", "shili")
    item["data"]["title"] = "示例村：记日志"
    save(desk, "case", "shili", item)
    entries = [json.loads(line) for line in (project / ".desk-log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert entries[-1]["action"] == "保存" and entries[-1]["user"] == "本机"
    assert "cases/shili/case.yml" in entries[-1]["paths"]


def test_drafts_never_go_into_a_version(project, desk):
    item = open_item(desk, "case", "shili")
    item["data"]["figures"][0]["value"] = "一千"
    assert save(desk, "case", "shili", item).status_code == 422
    from kb.desk.history import changed_files, save_version
    assert changed_files(project) == []  # this project has no .gitignore: the desk leaves drafts out itself
    (project / "cases/shili/case.md").write_text("改过\n", encoding="utf-8")
    save_version(project, "李四", "一个版本")
    assert ".draft" not in git(project, "show", "--name-only", "--format=", "HEAD")


def test_page_preview_builds_the_real_page(project, desk):
    item = open_item(desk, "case", "shili")
    item["data"]["title"] = "示例村：只在预览里"
    response = desk.post("/api/items/case/shili/preview", json={"data": item["data"], "texts": item["texts"]},
                         headers=headers(desk))
    assert response.status_code == 200, response.text
    page = desk.get(response.json()["url"])
    assert page.status_code == 200 and "只在预览里" in page.text
    assert "只在预览里" not in (project / "cases/shili/case.yml").read_text(encoding="utf-8")
    assert desk.get(response.json()["url"] + "../../../../sources.yml").status_code == 404


def test_the_guides_screenshots_are_checked_like_pictures(project):
    from kb.check.validation import validate
    (project / "docs/assets/desk").mkdir(parents=True, exist_ok=True)
    (project / "docs/assets/desk/shot.png").write_bytes(picture())
    (project / "docs/assets/desk/fake.png").write_text("<script>alert(1)</script>", encoding="utf-8")
    problems = [str(p) for p in validate(project)[1] if p.path.startswith("docs/assets/desk/")]
    assert problems == ["docs/assets/desk/fake.png:1:1: 错误: 文件「docs/assets/desk/fake.png」的内容不是 png 格式（可能只改了扩展名）：请用图片软件另存为正确的格式"]


def test_a_word_file_uploaded_to_the_desk_becomes_a_draft_case(project, desk):
    from test_import import _case_docx
    response = desk.post("/api/import", files={"file": ("小坡村.docx", _case_docx(),
                                                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")},
                         headers=headers(desk))
    assert response.status_code == 201, response.text
    body = response.json()
    assert (project / f"cases/{body['id']}/case.md").exists()
    assert body["report"]  # the test document has merged cells: said, not hidden
    item = open_item(desk, "case", body["id"])
    assert item["data"]["status"] == "draft" and "## 开篇" in item["texts"]["case.md"]
    bad = desk.post("/api/import", files={"file": ("坏的.docx", b"not a zip", "application/octet-stream")},
                    headers=headers(desk))
    assert bad.status_code == 422 and "坏的.docx" in bad.json()["error"]
