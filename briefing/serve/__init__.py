"""`briefing serve`: the content folder as a desk in the browser (live pages, problems in place,
editing, revisions, outputs). Needs the optional extra `serve` (starlette, uvicorn)."""
from __future__ import annotations

import gc
import secrets
import socket
import threading
from pathlib import Path
from typing import Callable

from ..errors import ContentError

LOOPBACK = "127.0.0.1"


def missing() -> str | None:
    """What is missing to serve, in the words the user needs, or None."""
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        return (f"briefing serve 需要 starlette 和 uvicorn（缺少 {exc.name}）。"
                "请运行 pip install 'briefing[serve]' 安装后再试。")
    return None


def serve(folder: Path, host: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve until Ctrl+C. Any address but the loopback requires the printed token."""
    import uvicorn

    gc.enable()  # (a one-shot command runs without the cycle collector: __main__; this one goes on)

    from .app import Server, create_app
    from .desk import Desk

    if not (folder / "edition.yaml").is_file():
        raise ContentError.one(None, f"“{folder}”中没有 edition.yaml，不是内容文件夹。",
                               "在命令中写明内容文件夹，例如 briefing serve content。")
    _port_free(host, port)
    desk = Desk(folder)
    token = None if host == LOOPBACK else secrets.token_urlsafe(24)
    hosts = {f"{name}:{port}" for name in (LOOPBACK, "localhost")} if token is None else None
    config = uvicorn.Config(create_app(desk, hosts, token), host=host, port=port, log_level="warning",
                            timeout_graceful_shutdown=2, lifespan="off")
    address = f"http://{host}:{port}/" + (f"?token={token}" if token else "")
    server = Server(config, desk, lambda: announce(f"briefing 工作台已启动：{address}\n在浏览器中打开上面的地址；按 Ctrl+C 停止。"))
    watcher = threading.Thread(target=desk.watch, daemon=True, name="briefing-watch")
    watcher.start()
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn raises the Ctrl+C again once it has shut down: the expected end
        pass
    finally:
        desk.stop()
        watcher.join(timeout=5)
    announce("工作台已停止。")


def _port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ContentError.one(None, f"无法在 {host}:{port} 上启动：{exc.strerror}。",
                                   "端口可能已被占用：用 --port 换一个端口，如 --port 8371。") from None
