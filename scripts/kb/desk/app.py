"""The desk's HTTP routes (Starlette). The page is static (static/desk.html
and its scripts); everything it reads and writes goes through /api/."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kb.content.errors import split
from kb.desk import auth, history
from kb.desk.checking import baseline, messages_for, run_validator
from kb.desk.items import KINDS, DeskError, kind_of, linked, list_items, load_item, read_text
from kb.desk.preview import PICTURE_NAME, PREVIEWS, PreviewBuilder, markdown_html, picture_links
from kb.desk.publish import Publisher
from kb.desk.saving import (check_version, create_entry, delete_item, discard_drafts, draft_payload, drafts_of,
                            plan_writes, write_all, write_drafts)
from kb.desk.uploads import UPLOAD_LIMIT, store_picture

STATIC = Path(__file__).parent / "static"
JSON_LIMIT = 2 * 1024 * 1024
LOCAL_USER = "本机"
SAFE = {"GET", "HEAD", "OPTIONS"}
# The desk loads nothing from outside, runs no inline script, and may not be framed.
CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")


class Desk:
    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8100, publish_steps=None):
        self.root = root.resolve()
        self.host, self.port = host, port
        self.sessions = auth.Sessions()
        self.publisher = Publisher(self.root, publish_steps)
        self.previews = PreviewBuilder(self.root)

    # -- who is asking ------------------------------------------------------

    @property
    def login_required(self) -> bool:
        # Served to other computers, it never falls back to the open local mode, even if
        # the users file checked at start is gone (then nobody can log in).
        return self.host not in ("127.0.0.1", "localhost", "::1") or bool(auth.read_users(self.root))

    def session(self, request: Request) -> auth.Session | None:
        return self.sessions.get(request.cookies.get(auth.COOKIE))

    def guard(self, request: Request) -> auth.Session:
        """The session of a request allowed to act; raises DeskError otherwise."""
        session = self.session(request)
        if session is None:
            raise DeskError("请先登录（或登录已过期）", 401)
        if request.method not in SAFE:
            origin = request.headers.get("origin")
            if origin and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
                raise DeskError("拒绝来自其他网站的请求", 403)
            if request.headers.get("x-csrf-token") != session.csrf:
                raise DeskError("请求缺少有效的安全令牌：请刷新页面后再试", 403)
        return session

    def log(self, session: auth.Session, action: str, paths) -> None:
        auth.log_write(self.root, session.user, action, paths)

    # -- helpers ------------------------------------------------------------

    async def body(self, request: Request) -> dict:
        size = int(request.headers.get("content-length") or 0)
        if size > JSON_LIMIT:
            raise DeskError("提交的内容过大", 413)
        raw = await request.body()
        if len(raw) > JSON_LIMIT:
            raise DeskError("提交的内容过大", 413)
        try:
            data = json.loads(raw or b"{}")
        except ValueError:
            raise DeskError("提交的内容不是 JSON") from None
        if not isinstance(data, dict):
            raise DeskError("提交的内容格式不对")
        return data

    async def upload(self, request: Request) -> tuple[bytes, str]:
        size = int(request.headers.get("content-length") or 0)
        if size > UPLOAD_LIMIT + 64 * 1024:
            raise DeskError(f"文件超过 {UPLOAD_LIMIT // (1024 * 1024)} MB 的上限", 413)
        form = await request.form(max_files=1, max_fields=4, max_part_size=UPLOAD_LIMIT + 1)
        file = form.get("file")
        if file is None or not hasattr(file, "read"):
            raise DeskError("没有收到文件")
        data = await file.read(UPLOAD_LIMIT + 1)
        return data, file.filename or ""

    def options(self) -> dict:
        """What the pickers offer: every id a field may refer to, with its title."""
        return {name: [{"id": i["id"], "title": i["title"]} for i in list_items(self.root, kind)]
                for name, kind in KINDS.items()}


def _error(exc: DeskError) -> JSONResponse:
    return JSONResponse({"error": exc.message}, status_code=exc.status)


def routes(desk: Desk) -> list:
    def api(handler):
        async def wrapped(request: Request):
            try:
                return await handler(request)
            except DeskError as exc:
                return _error(exc)
        return wrapped

    async def page(request: Request):
        session = desk.session(request)
        if session is None:
            if desk.login_required:
                return RedirectResponse("/login", status_code=303)
            token, session = desk.sessions.new(LOCAL_USER)
        else:
            token = None
        html = (STATIC / "desk.html").read_text(encoding="utf-8")
        html = html.replace("{{csrf}}", session.csrf).replace("{{user}}", _attr(session.user))
        html = html.replace("{{local}}", "0" if desk.login_required else "1")
        response = HTMLResponse(html)
        if token:
            _set_cookie(response, token, desk)
        return response

    async def login_page(request: Request):
        return HTMLResponse((STATIC / "login.html").read_text(encoding="utf-8").replace("{{message}}", ""))

    async def login(request: Request):
        form = await request.form(max_fields=3, max_files=0)
        name, password = str(form.get("name", ""))[:64], str(form.get("password", ""))[:256]
        address = request.client.host if request.client else "?"
        page_html = (STATIC / "login.html").read_text(encoding="utf-8")
        origin = request.headers.get("origin")
        if origin and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
            # A login form on another site would log this browser in as someone else.
            return HTMLResponse(page_html.replace("{{message}}", "拒绝来自其他网站的登录"), status_code=403)
        if desk.sessions.blocked(f"ip:{address}", f"user:{name}"):
            return HTMLResponse(page_html.replace("{{message}}", "登录失败次数太多，请 10 分钟后再试"), status_code=429)
        user = auth.read_users(desk.root).get(name)
        if not user or not auth.check_password(password, user.get("hash", "")):
            desk.sessions.failed(f"ip:{address}", f"user:{name}")
            return HTMLResponse(page_html.replace("{{message}}", "用户名或密码不对"), status_code=401)
        token, _ = desk.sessions.new(name)
        response = RedirectResponse("/", status_code=303)
        _set_cookie(response, token, desk)
        return response

    @api
    async def logout(request: Request):
        desk.guard(request)
        desk.sessions.end(request.cookies.get(auth.COOKIE))
        response = JSONResponse({"ok": True})
        response.delete_cookie(auth.COOKIE)
        return response

    @api
    async def meta(request: Request):
        session = desk.guard(request)
        kinds = {name: {"word": k.word, "schema": k.model.model_json_schema(), "id_field": k.id_field,
                        "title_field": k.title_field, "entry": k.is_entry} for name, k in KINDS.items()}
        return JSONResponse({"kinds": kinds, "options": desk.options(), "user": session.user,
                             "local": not desk.login_required})

    @api
    async def items(request: Request):
        desk.guard(request)
        kind = kind_of(request.path_params["kind"])
        found = list_items(desk.root, kind)
        for item in found:
            item["draft"] = bool(item["id"] and drafts_of(desk.root, kind, item["id"]))
        query = (request.query_params.get("q") or "").strip().lower()
        if query:
            found = [i for i in found if query in f"{i['id']} {i['title']}".lower()]
        return JSONResponse({"items": found})

    @api
    async def create(request: Request):
        session = desk.guard(request)
        kind = kind_of(request.path_params["kind"])
        data = await desk.body(request)
        if kind.is_entry:
            entry = {kind.id_field: str(data.get("id", "")).strip()}
            if kind.name == "source":
                entry["title"] = str(data.get("title", "")).strip() or "（标题待补充）"
            create_entry(desk.root, kind, entry)
            desk.log(session, "新建", [kind.list_file])
            return JSONResponse({"id": entry[kind.id_field]}, status_code=201)
        from kb.cli.new_item import create as new_item

        item_id = str(data.get("id", "")).strip()
        if linked(desk.root, kind.yaml_path("x").split("/")[0]):  # cases/, courses/ or handbooks/ itself
            raise DeskError(f"{kind.word}的文件夹是指向别处的链接：编辑台不在那里新建", 403)
        code, message = new_item(kind.name, item_id, str(data.get("title", "")), None, desk.root)
        if code:
            raise DeskError(message.removeprefix("错误: ").replace("make new-", "（新建）"), 409 if code == 1 else 400)
        desk.log(session, "新建", [kind.yaml_path(item_id)])
        return JSONResponse({"id": item_id}, status_code=201)

    @api
    async def read(request: Request):
        desk.guard(request)
        kind, item_id = _item(request)
        item = load_item(desk.root, kind, item_id)
        item["draft"] = draft_payload(desk.root, kind, item_id)
        return JSONResponse(item)

    def _writes(kind, item_id, data) -> dict:
        return plan_writes(desk.root, kind, item_id, data.get("data"), data.get("texts") or {}, data.get("raw"))

    def _check(kind, item_id, writes) -> list[dict]:
        before = baseline(desk.root)
        return messages_for(kind, item_id, writes, run_validator(desk.root, writes), before)

    @api
    async def check(request: Request):
        desk.guard(request)
        kind, item_id = _item(request)
        writes = _writes(kind, item_id, await desk.body(request))
        return JSONResponse({"messages": await run_in_threadpool(_check, kind, item_id, writes)})

    @api
    async def save(request: Request):
        session = desk.guard(request)
        kind, item_id = _item(request)
        data = await desk.body(request)
        check_version(desk.root, kind, item_id, data.get("version"))
        writes = _writes(kind, item_id, data)
        messages = await run_in_threadpool(_check, kind, item_id, writes)
        errors = [m for m in messages if m["level"] == "错误" and not m["elsewhere"]]
        if errors and not data.get("confirm"):
            drafts = write_drafts(desk.root, kind, item_id, writes)
            desk.log(session, "存为草稿", drafts)
            return JSONResponse({"saved": "draft", "messages": messages, "drafts": drafts,
                                 "notice": f"有 {len(errors)} 处错误：这次的修改存为草稿，正式文件没有改动"}, status_code=422)
        write_all(desk.root, writes)
        discard_drafts(desk.root, kind, item_id)
        desk.log(session, "保存（有错误，已确认）" if errors else "保存", list(writes))
        item = load_item(desk.root, kind, item_id)
        return JSONResponse({"saved": "file", "messages": messages, "version": item["version"], "files": list(writes)})

    @api
    async def remove(request: Request):
        session = desk.guard(request)
        kind, item_id = _item(request)
        discard_drafts(desk.root, kind, item_id)
        moved = delete_item(desk.root, kind, item_id)
        desk.log(session, "删除", [moved])
        return JSONResponse({"deleted": moved})

    @api
    async def drop_draft(request: Request):
        session = desk.guard(request)
        kind, item_id = _item(request)
        discard_drafts(desk.root, kind, item_id)
        desk.log(session, "丢弃草稿", [kind.yaml_path(item_id)])
        return JSONResponse({"ok": True})

    @api
    async def picture(request: Request):
        session = desk.guard(request)
        kind, item_id = _item(request)
        folder = kind.folder(item_id)
        if not folder or read_text(desk.root, kind.yaml_path(item_id)) is None:
            raise DeskError(f"{kind.word}不能放图片", 400)
        data, name = await desk.upload(request)
        stored = await run_in_threadpool(store_picture, desk.root, folder, data, name)
        desk.log(session, "上传图片", [f"{folder}/{stored['name']}"])
        return JSONResponse(stored, status_code=201)

    @api
    async def word_import(request: Request):
        session = desk.guard(request)
        data, name = await desk.upload(request)
        from kb.importer import ImportFailed, import_docx  # mammoth is only needed here

        try:
            result = await run_in_threadpool(import_docx, data, desk.root, None, name)
        except ImportFailed as exc:
            raise DeskError(str(exc), 422) from None
        desk.log(session, "导入 Word", result.files)
        return JSONResponse({"id": result.case_id, "files": result.files, "report": result.report}, status_code=201)

    @api
    async def live_preview(request: Request):
        desk.guard(request)
        data = await desk.body(request)
        from kb.content.loading import load_collection

        col, _ = load_collection(desk.root)
        html = markdown_html(str(data.get("text", "")), col.sources)
        kind, item_id = data.get("kind"), data.get("id")
        if kind in KINDS and isinstance(item_id, str) and KINDS[kind].folder(KINDS[kind].check_id(item_id)):
            html = picture_links(html, f"/api/items/{kind}/{quote(item_id)}/file/")
        return JSONResponse({"html": html})

    async def item_file(request: Request):
        """A picture beside an item, for the live preview: names only, no folders."""
        try:
            desk.guard(request)
            kind, item_id = _item(request)
        except DeskError as exc:
            return _error(exc)
        name, folder = request.path_params["name"], kind.folder(item_id)
        path = desk.root / folder / name if folder else None
        if (not folder or not PICTURE_NAME.match(name) or path.is_symlink() or not path.is_file()):
            return Response("没有这个文件", status_code=404)
        return FileResponse(path)

    @api
    async def page_preview(request: Request):
        desk.guard(request)
        kind, item_id = _item(request)
        writes = _writes(kind, item_id, await desk.body(request))
        from kb.stage.stage import StageError

        try:
            token = await run_in_threadpool(desk.previews.build, writes)
        except StageError as exc:
            raise DeskError(f"预览生成失败：{exc}", 422) from None
        except Exception as exc:  # an engine error: say it, keep the desk running
            raise DeskError(f"预览生成失败：{str(exc)[:600]}", 422) from None
        page = {"case": f"cases/{item_id}/", "course": f"courses/{item_id}/", "handbook": f"handbooks/{item_id}/",
                "source": "", "term": "glossary/"}[kind.name]
        return JSONResponse({"url": f"/preview/{token}/{page}"})

    async def preview_file(request: Request):
        if desk.session(request) is None:
            return Response("请先登录", status_code=401)
        token, rest = request.path_params["token"], request.path_params.get("path", "")
        if not (len(token) == 16 and all(c in "0123456789abcdef" for c in token)) or "\x00" in rest:
            return Response("没有这个预览", status_code=404)
        base = (desk.root / PREVIEWS / token).resolve()
        if base != desk.root / PREVIEWS / token:  # the preview folder is a link to somewhere else
            return Response("没有这个预览", status_code=404)
        target = (base / rest).resolve()
        if base not in target.parents and target != base:
            return Response("没有这个预览", status_code=404)
        try:
            if target.is_dir():
                target = target / "index.html"
            found = target.is_file() and not target.is_symlink()
        except OSError:  # a name too long for the file system
            found = False
        if not found:
            return Response("没有这个页面", status_code=404)
        return FileResponse(target)

    @api
    async def publish(request: Request):
        session = desk.guard(request)
        data = await desk.body(request)
        author = session.user
        if not desk.login_required:
            author = str(data.get("author", "")).strip()[:32]
            if not auth.NAME.match(author):
                raise DeskError("请写上你的名字（会记在版本里）")
        message = str(data.get("message", "")).strip()[:500]
        if not message:
            raise DeskError("请用一句话说明这次改了什么（会记在版本里）")
        job = desk.publisher.start(author, message)
        desk.log(session, "发布", [])
        return JSONResponse(job.view(), status_code=202)

    @api
    async def job(request: Request):
        desk.guard(request)
        found = desk.publisher.jobs.get(request.path_params["job"])
        if not found:
            raise DeskError("没有这个发布任务", 404)
        return JSONResponse(found.view())

    @api
    async def versions(request: Request):
        desk.guard(request)
        return JSONResponse({"versions": history.versions(desk.root), "unsaved": history.changed_files(desk.root)})

    @api
    async def version(request: Request):
        desk.guard(request)
        return JSONResponse(history.changes(desk.root, request.path_params["rev"]))

    @api
    async def restore(request: Request):
        session = desk.guard(request)
        data = await desk.body(request)
        author = session.user if desk.login_required else (str(data.get("author", "")).strip()[:32] or LOCAL_USER)
        result = history.restore(desk.root, request.path_params["rev"], author)
        desk.log(session, "恢复版本", [request.path_params["rev"]])
        return JSONResponse(result)

    @api
    async def validate_all(request: Request):
        desk.guard(request)
        errors, warnings = split(run_validator(desk.root, {}))
        return JSONResponse({"errors": [str(e) for e in errors], "warnings": [str(w) for w in warnings]})

    return [
        Route("/", page), Route("/login", login_page, methods=["GET"]), Route("/login", login, methods=["POST"]),
        Route("/api/logout", logout, methods=["POST"]),
        Route("/api/meta", meta), Route("/api/validate", validate_all),
        Route("/api/items/{kind}", items, methods=["GET"]), Route("/api/items/{kind}", create, methods=["POST"]),
        Route("/api/items/{kind}/{id:path}/check", check, methods=["POST"]),
        Route("/api/items/{kind}/{id:path}/draft", drop_draft, methods=["DELETE"]),
        Route("/api/items/{kind}/{id:path}/picture", picture, methods=["POST"]),
        Route("/api/items/{kind}/{id:path}/preview", page_preview, methods=["POST"]),
        Route("/api/items/{kind}/{id:path}/file/{name}", item_file),
        Route("/api/items/{kind}/{id:path}", read, methods=["GET"]),
        Route("/api/items/{kind}/{id:path}", save, methods=["PUT"]),
        Route("/api/items/{kind}/{id:path}", remove, methods=["DELETE"]),
        Route("/api/import", word_import, methods=["POST"]),
        Route("/api/markdown", live_preview, methods=["POST"]),
        Route("/api/publish", publish, methods=["POST"]), Route("/api/jobs/{job}", job),
        Route("/api/history", versions), Route("/api/history/{rev}", version),
        Route("/api/history/{rev}/restore", restore, methods=["POST"]),
        Route("/preview/{token}/{path:path}", preview_file), Route("/preview/{token}", preview_file),
        Mount("/static", StaticFiles(directory=STATIC)),
        Route("/vendor/turndown.js", lambda r: _vendor(desk, "turndown/lib/turndown.browser.umd.js")),
        Route("/vendor/turndown-plugin-gfm.js", lambda r: _vendor(desk, "turndown-plugin-gfm/dist/turndown-plugin-gfm.js")),
    ]


def _vendor(desk: Desk, rel: str):
    path = desk.root / "node_modules" / rel
    if not path.is_file():
        path = Path(__file__).resolve().parents[3] / "node_modules" / rel
    return FileResponse(path, media_type="text/javascript") if path.is_file() else Response(status_code=404)


def _item(request: Request):
    kind = kind_of(request.path_params["kind"])
    item_id = kind.check_id(request.path_params["id"])
    root = request.app.state.desk.root
    if linked(root, kind.folder(item_id) or "") or linked(root, kind.yaml_path(item_id)):
        raise DeskError(f"没有找到{kind.word}「{item_id}」：它的文件夹或文件是指向别处的链接，编辑台不处理", 404)
    return kind, item_id


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _set_cookie(response: Response, token: str, desk: Desk) -> None:
    response.set_cookie(auth.COOKIE, token, max_age=auth.SESSION_SECONDS, httponly=True, samesite="strict",
                        secure=False, path="/")


async def _headers(request, call_next):
    response = await call_next(request)
    if not request.url.path.startswith("/preview/"):  # a preview page carries the site's own policy
        response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


def create_app(root: Path, host: str = "127.0.0.1", port: int = 8100, publish_steps=None) -> Starlette:
    desk = Desk(root, host, port, publish_steps)
    hosts = [host] + (["localhost", "127.0.0.1"] if host in ("127.0.0.1", "localhost") else [])
    from starlette.middleware.base import BaseHTTPMiddleware

    app = Starlette(routes=routes(desk), middleware=[
        Middleware(TrustedHostMiddleware, allowed_hosts=hosts),  # a page on another site cannot rebind to us
        Middleware(BaseHTTPMiddleware, dispatch=_headers)])
    app.state.desk = desk
    return app
