"""The desk's web application: the page, its state, the page images, the files and the outputs.

Safe by default (README “在浏览器中工作”): requests must name this server as their Host (no DNS
rebinding) and come from its own origin; anything that changes something must also carry the
X-Briefing header, which a page of another origin cannot send without a preflight this server
never grants; with a token (any address but the loopback) every request must show it.
"""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import urlsplit

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import api
from ..diff import compare, report
from ..distribute import distribute
from ..errors import ContentError
from ..figures import _figure_items
from ..gitrev import content_at
from ..schema import edition_schema, figures_schema, part_schema
from . import files
from .desk import Desk

STATIC = Path(__file__).parent / "static"
WAIT_SECONDS = 20.0  # a page's long poll for the next state
CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
TOKEN_COOKIE = "briefing_token"
OUTPUTS = ("pdf", "ofd", "docx", "distribute")


def _refused(message: str, status: int = 403) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class Guard(BaseHTTPMiddleware):
    def __init__(self, app, hosts: set[str] | None, token: str | None) -> None:
        super().__init__(app)
        self.hosts = hosts  # None: any Host (a token guards the server instead)
        self.token = token

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        host = request.headers.get("host", "")
        if self.hosts is not None and host not in self.hosts:
            return _refused("拒绝：请求的主机名不是本服务器的地址。")
        origin = request.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != host:
            return _refused("拒绝：请求来自其他网站。")
        if request.headers.get("sec-fetch-site") == "cross-site":
            return _refused("拒绝：请求来自其他网站。")
        if request.method in CHANGING and request.headers.get("x-briefing") != "1":
            return _refused("拒绝：修改类请求缺少本页面的标记（X-Briefing）。")
        given = None
        if self.token is not None:
            given = request.query_params.get("token")
            shown = given or request.cookies.get(TOKEN_COOKIE) or ""
            if not secrets.compare_digest(shown.encode(), self.token.encode()):
                return _refused("拒绝：缺少或写错了访问令牌。请用启动时显示的完整地址（含 ?token=…）打开。", 401)
        response = await call_next(request)
        if given is not None:
            response.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="strict")
        return response


def create_app(desk: Desk, hosts: set[str] | None, token: str | None = None) -> Starlette:
    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    async def state(request: Request) -> Response:
        try:
            after = int(request.query_params.get("after", "-1"))
        except ValueError:
            return _refused("after 应当是整数。", 400)
        current = await run_in_threadpool(desk.wait, after, WAIT_SECONDS)
        return JSONResponse(current, headers={"Cache-Control": "no-store"})

    async def page(request: Request) -> Response:
        image = desk.images.get(request.path_params["key"])
        if image is None:
            return _refused("没有这一页（内容已经改变）。", 404)
        # The key is a hash of the page: the same address always shows the same image.
        return Response(image, media_type="image/png", headers={"Cache-Control": "private, max-age=31536000, immutable"})

    async def file_list(request: Request) -> Response:
        return JSONResponse({"files": files.editable(desk.folder)})

    async def file_read(request: Request) -> Response:
        relative = request.query_params.get("path", "")
        try:
            text, hashed = files.read(desk.folder, relative)
        except (files.Refused, OSError):
            return _refused(f"拒绝：“{relative}”不是内容文件夹中可编辑的文件。")
        return JSONResponse({"path": relative, "text": text, "hash": hashed})

    async def file_save(request: Request) -> Response:
        body = await _json(request)
        relative = str(body.get("path", ""))
        try:
            hashed = files.save(desk.folder, relative, str(body.get("text", "")), str(body.get("hash", "")))
        except (files.Refused, OSError):
            return _refused(f"拒绝：“{relative}”不是内容文件夹中可编辑的文件。")
        except files.Conflict as exc:
            return JSONResponse({"error": f"“{relative}”在您编辑期间已在磁盘上被改动，未保存。请先复制您的修改，"
                                          "重新打开文件后再改。", "current": exc.current}, status_code=409)
        return JSONResponse({"path": relative, "hash": hashed, "backup": f".{Path(relative).name}.bak"})

    async def figures(request: Request) -> Response:
        edition = desk.edition
        if edition is None or not edition.figures:
            return JSONResponse({"figures": [], "columns": files.FIGURE_FIELDS, "file": None, "hash": None})
        uses: dict[str, list[dict[str, Any]]] = {}
        for text in edition.texts():
            for name, part in text.refs:
                uses.setdefault(name, []).append({**desk.where(text.where), "how": "{{" + name + (f".{part}" if part else "") + "}}"})
        for item in _figure_items(edition):
            for name in item.figures:
                uses.setdefault(name, []).append({**desk.where(item.where), "how": "指标卡或图表"})
        rows = [{"id": f.id, **desk.where(f.where), "fields": {key: _shown(getattr(f, key, None), f, key)
                                                                for key in files.FIGURE_FIELDS},
                 "uses": uses.get(f.id, [])} for f in edition.figures.values()]
        relative = desk.relative(next(iter(edition.figures.values())).where.file)
        _, hashed = files.read(desk.folder, relative)
        return JSONResponse({"figures": rows, "columns": files.FIGURE_FIELDS, "file": relative, "hash": hashed})

    async def figure_save(request: Request) -> Response:
        body = await _json(request)
        edition, name, key = desk.edition, str(body.get("id", "")), str(body.get("key", ""))
        figure = edition.figures.get(name) if edition is not None else None
        if figure is None or key not in files.FIGURE_FIELDS:
            return _refused(f"没有指标“{name}”或字段“{key}”。", 400)
        relative = desk.relative(figure.where.file)
        try:
            text, hashed = files.read(desk.folder, relative)
            if hashed != body.get("hash"):
                raise files.Conflict(hashed)
            changed = files.set_field(text, figure.where.line, figure.where.column, key, str(body.get("value", "")).strip())
            hashed = files.save(desk.folder, relative, changed, hashed)
        except (files.Refused, OSError):
            return _refused(f"拒绝：“{relative}”不是内容文件夹中可编辑的文件。")
        except files.Conflict as exc:
            return JSONResponse({"error": f"“{relative}”已在磁盘上被改动，未保存；表格已重新读取。", "current": exc.current},
                                status_code=409)
        except ValueError:
            return _refused(f"“{key}”是该指标的第一个键，不能清空。", 400)
        return JSONResponse({"path": relative, "hash": hashed})

    async def differences(request: Request) -> Response:
        spec = request.query_params.get("against", "").strip()
        if not spec:
            return _refused("写一个 git 版本（如 HEAD~1）或另一个内容文件夹。", 400)
        if spec.startswith("-"):  # git would read it as an option (git archive --output=… writes a file)
            return _refused(f"“{spec}”不是 git 版本：版本不能以“-”开头。", 400)
        if token is not None and Path(spec).is_dir():  # a remote reader sees only this content folder
            return _refused("通过网络访问时只能与 git 版本比较，不能读取本机的其他文件夹。")

        def run() -> str:
            with content_at(spec, desk.folder) as (old, old_name):
                before, after = api.check(old), api.check(desk.folder)
                return report(compare(before.document.edition, after.document.edition), old_name, desk.folder.name)

        try:
            return JSONResponse({"report": await run_in_threadpool(run)})
        except ContentError as exc:
            return JSONResponse({"error": "\n".join(str(p) for p in exc.errors)}, status_code=400)

    async def outputs(request: Request) -> Response:
        what = str((await _json(request)).get("what", ""))
        if what not in OUTPUTS:
            return _refused(f"没有“{what}”这种输出。", 400)
        job = (lambda: _distributed(desk.folder)) if what == "distribute" else (lambda: [desk.build.build(form=what).path])
        if not desk.start_job(what, job):
            return _refused("已有一项生成任务在进行，请等它完成。", 409)
        return JSONResponse({"started": what}, status_code=202)

    async def download(request: Request) -> Response:
        relative = request.path_params["path"]
        try:
            path = files.inside(desk.dist, relative)
        except files.Refused:
            return _refused("拒绝：只能下载 dist/ 中生成的文件。")
        if not path.is_file():
            return _refused("没有这个文件。", 404)
        return FileResponse(path, filename=path.name)

    async def schemas(request: Request) -> Response:
        return JSONResponse({"edition": edition_schema(), "part": part_schema(), "figures": figures_schema()})

    routes = [
        Route("/", index),
        Route("/favicon.ico", lambda request: Response(status_code=204)),  # none: a quiet console
        Route("/api/state", state),
        Route("/pages/{key:str}.png", page),
        Route("/api/files", file_list),
        Route("/api/file", file_read, methods=["GET"]),
        Route("/api/file", file_save, methods=["PUT"]),
        Route("/api/figures", figures),
        Route("/api/figure", figure_save, methods=["PUT"]),
        Route("/api/diff", differences),
        Route("/api/outputs", outputs, methods=["POST"]),
        Route("/outputs/{path:path}", download),
        Route("/api/schema", schemas),
        Mount("/static", StaticFiles(directory=STATIC)),
    ]
    return Starlette(routes=routes, middleware=[Middleware(Guard, hosts=hosts, token=token)])


def _shown(value: Any, figure: Any, key: str) -> str:
    if key == "value":
        return str(figure.printed)
    if key == "kind":
        return "target" if figure.target else "actual"
    return "" if value is None else str(value)


def _distributed(folder: Path) -> list[Path]:
    done = distribute(folder)
    return [done.register_pdf, done.register_csv, *(done.folder / copy.file for copy in done.copies)]


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}



class Server(uvicorn.Server):
    """Says its address once it listens (and Ctrl+C is its to handle); stops the desk's watch and
    wakes its waiting pages as soon as Ctrl+C arrives, so shutting down does not wait for their
    long polls."""

    def __init__(self, config: uvicorn.Config, desk: Desk, listening: Callable[[], None]) -> None:
        super().__init__(config)
        self.desk = desk
        self.listening = listening

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets)
        if self.started:
            self.listening()

    def handle_exit(self, sig, frame) -> None:
        self.desk.stop()
        super().handle_exit(sig, frame)
