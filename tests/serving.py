"""A content folder of our own and a desk served on a free loopback port, for tests/test_serve*.py."""
from __future__ import annotations

import json
import socket
import threading
import time
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path
from typing import Iterator

import pytest

pytest.importorskip("starlette", reason="briefing serve 需要 starlette 和 uvicorn（pip install 'briefing[serve]'）")
import uvicorn  # noqa: E402

from briefing.serve.app import create_app  # noqa: E402
from briefing.serve.desk import Desk, Measure, measure_pdf  # noqa: E402

EDITION = """\
issuer: 青溪县农业农村局
mark: 青溪县农业农村局文件
number: 青农〔2025〕18号
title: 青溪县农业农村局关于做好2025年春耕备耕工作的通知
recipients:
  - 各乡镇人民政府
  - 县直有关单位
body:
  - >-
    为切实做好今年春耕备耕工作，确保粮食播种面积稳定在{{grain-area}}以上，
    现就有关事项通知如下。
  - >-
    一是抓好农资储备。各乡镇要摸清种子、化肥、农药需求，督促供销网点提前备货，
    严防假冒伪劣农资流入市场。
  - >-
    二是抓好农机检修。县农机服务中心要组织技术人员下乡，对拖拉机、插秧机、植保无人机开展免费检修，
    确保春耕期间农机具正常作业。
  - >-
    三是抓好技术指导。各乡镇农技站要结合本地实际，组织农技人员深入田间地头，
    做好育秧、施肥和病虫害防治指导。
  - >-
    请各乡镇于3月10日前将春耕备耕进展情况报县农业农村局种植业股。
figures: figures.yaml
date: 2025年2月18日
printer: 青溪县农业农村局办公室
print_date: 2025年2月18日
status: final
"""

FIGURES = """\
# 指标登记表
figures:
  - id: grain-area
    label: 粮食播种面积
    value: 12.6
    unit: 万亩
    year: 2025
    kind: target
"""


def write_content(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "edition.yaml").write_text(EDITION, encoding="utf-8")
    (folder / "figures.yaml").write_text(FIGURES, encoding="utf-8")
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(folder: Path, token: str | None = None, measure: Measure = measure_pdf) -> Iterator[tuple[Desk, int]]:
    """The desk of `folder` on a free loopback port, watching, until the block ends."""
    desk = Desk(folder, measure)
    port = free_port()
    hosts = None if token else {f"127.0.0.1:{port}", f"localhost:{port}"}
    server = uvicorn.Server(uvicorn.Config(create_app(desk, hosts, token), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    threads = [threading.Thread(target=desk.watch, daemon=True), threading.Thread(target=server.run, daemon=True)]
    for thread in threads:
        thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield desk, port
    finally:
        desk.stop()
        server.should_exit = True
        for thread in threads:
            thread.join(timeout=10)


def request(port: int, method: str, path: str, body: dict | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict | bytes, dict[str, str]]:
    """A raw request (the path sent as written, no normalising), the JSON or bytes answered."""
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    sent = {"Host": f"127.0.0.1:{port}", **(headers or {})}
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        sent["Content-Type"] = "application/json"
    connection.request(method, path, body=data, headers=sent)
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    kind = response.getheader("content-type", "")
    return response.status, json.loads(raw) if kind.startswith("application/json") else raw, dict(response.getheaders())


def state_when(port: int, ready, timeout: float = 30) -> dict:
    """The desk's state once `ready(state)` holds, asked the way the page asks (long polling)."""
    deadline, version = time.monotonic() + timeout, -1
    while time.monotonic() < deadline:
        _, state, _ = request(port, "GET", f"/api/state?after={version}")
        assert isinstance(state, dict)
        if ready(state):
            return state
        version = state["version"]
    raise AssertionError("the desk never reached the state awaited")
