"""The desk behind the page: a content folder watched and rebuilt in the background, its pages
as PNGs keyed by a hash of what each page draws, its problems and measurements, and one output
job at a time.

Everything the browser sees is one JSON state with a version number; a page asks for the state
after the version it has and waits (long polling) until there is a newer one.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pypdfium2

from .. import api, progress
from ..model import Edition
from ..errors import ContentError, Problem, Where
from ..pageplan import Book, Picture, Turned
from ..watch import POLL_SECONDS, snapshot
from ..preview import drawn, page_png  # the preview's pages: 1286 px tall, sharp up to about 150 % zoom
from .sources import Placed, place_lines

KEPT_BUILDS = 2  # the page images of this many recent builds stay in memory (a page changing back is not redrawn)

MEASURE_SECONDS = 300  # a measurement taking longer is given up (and said so)

Measure = Callable[[Path], list[dict[str, Any]]]


def measure_pdf(path: Path) -> list[dict[str, Any]]:
    """`briefing check --pdf --json` in its own process: pdfium, which it uses, must not run in two
    threads at once (the desk draws pages meanwhile), and its JSON is the checker's own word."""
    done = subprocess.run([sys.executable, "-m", "briefing", "check", "--pdf", str(path), "--json"],
                          capture_output=True, text=True, timeout=MEASURE_SECONDS)
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        return [_failure(f"版式检查没有完成：{done.stderr.strip()[-300:]}")]
    if "checks" in answer:
        return answer["checks"]
    return [_failure(problem["message"]) for problem in answer.get("problems", [])]


def _failure(message: str) -> dict[str, Any]:
    return {"name": "版式检查", "clause": "", "measured": message, "nominal": "", "ok": False}


class Desk:
    def __init__(self, folder: Path, measure: Measure = measure_pdf) -> None:
        self.folder = folder
        self.root = folder.resolve()
        self.dist = self.root.parent / "dist"
        self.assets = self.root.parent / "assets"
        self.build = api.Build(folder)
        self.measure = measure
        self.edition: Edition | None = None  # the last good build's, for the figures table
        self.images: dict[str, bytes] = {}  # page key → PNG
        self._recent: list[set[str]] = []
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._latest: tuple[bytes, list[dict[str, Any]]] | None = None  # the PDF and pages shown, to measure
        self._laid = threading.Event()  # new pages to measure (or stopping)
        self._job_lock = threading.Lock()  # one output job (build, distribute) at a time for this folder
        self.state: dict[str, Any] = {"version": 0, "ok": None, "stale": False, "pages": [], "problems": [],
                                      "checks": [], "job": None, "built": None}

    # --- the state and its waiters -------------------------------------------------------

    def publish(self, **changes: Any) -> None:
        with self._changed:
            self.state = {**self.state, **changes, "version": self.state["version"] + 1}
            self._changed.notify_all()

    def wait(self, after: int, timeout: float) -> dict[str, Any]:
        """The state once its version is past `after`, or as it is after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.state["version"] > after or self._stop.is_set(), timeout)
            return self.state

    # --- watching -----------------------------------------------------------------------

    def watch(self) -> None:
        """Rebuild now and after every change under the content folder (and assets/), until stop();
        the pages' measurement runs beside, so a long one never holds up the next rebuild."""
        measurer = threading.Thread(target=self._measure_latest, daemon=True, name="briefing-measure")
        measurer.start()
        seen = None
        while not self._stop.is_set():
            current = snapshot(self.folder)
            if current != seen:
                seen = current
                self.refresh()
            self._stop.wait(POLL_SECONDS)
        self._laid.set()
        measurer.join(timeout=5)

    def _measure_latest(self) -> None:
        """Measure the latest pages shown; a result for pages no longer shown is dropped."""
        while not self._stop.is_set():
            self._laid.wait()
            self._laid.clear()
            latest = self._latest
            if latest is None or self._stop.is_set():
                continue
            checks = self.measured(*latest)
            if self.state["pages"] is latest[1]:
                self.publish(checks=checks)

    def stop(self) -> None:
        self._stop.set()
        self._laid.set()
        with self._changed:
            self._changed.notify_all()

    def refresh(self) -> None:
        started = time.perf_counter()
        try:
            laid = self.build.lay_out()
        except ContentError as exc:
            # The last good pages stay on screen; the state says they are stale.
            self.publish(ok=False, stale=bool(self.state["pages"]), problems=[self.problem(p) for p in exc.problems])
            return
        except Exception as exc:  # an internal error: said on the page, and the watch goes on
            self.publish(ok=False, stale=bool(self.state["pages"]), problems=[{
                "level": "error", **self.where(None), "message": f"内部错误：{type(exc).__name__}: {exc}",
                "suggestion": "请把内容文件和这条信息报告给维护者；改动内容后会重新生成。"}])
            return
        pages = self.pages(laid)
        self.edition = laid.checked.document.edition
        self.publish(ok=True, stale=False, pages=pages, problems=[self.problem(p) for p in laid.checked.warnings],
                     checks=[], built={"seconds": round(time.perf_counter() - started, 3), "at": time.strftime("%H:%M:%S")})
        self._latest = (laid.pdf, pages)
        self._laid.set()

    def pages(self, laid: api.Laid) -> list[dict[str, Any]]:
        """Each page's key, size and lines; the images of new keys drawn (only those)."""
        document = pypdfium2.PdfDocument(laid.pdf)
        try:
            width, height = document[0].get_size()
            placed = place_lines(laid.book, laid.checked.document, width, height)
            keys = [page_key(laid.book, index) for index in range(len(laid.book.pages))]
            for index, key in enumerate(keys):
                if key not in self.images:
                    self.images[key] = page_png(drawn(document[index]), laid.book.pages[index])
        finally:
            document.close()
        self._recent = [*self._recent[-(KEPT_BUILDS - 1):], set(keys)]
        kept = set().union(*self._recent)
        self.images = {key: png for key, png in self.images.items() if key in kept}
        return [{"number": index + 1, "key": key, "ratio": height / width, "lines": [self.line(p) for p in lines]}
                for index, (key, lines) in enumerate(zip(keys, placed))]

    def measured(self, pdf: bytes, pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """`check --pdf` on the pages shown, each failure placed on the lines it names."""
        with tempfile.TemporaryDirectory(prefix="briefing-serve-") as temporary:
            path = Path(temporary) / "live.pdf"
            path.write_bytes(pdf)
            try:
                checks = self.measure(path)
            except subprocess.TimeoutExpired:
                checks = [_failure(f"版式检查超过 {MEASURE_SECONDS} 秒，已放弃。")]
            except OSError as exc:  # the checker could not be started
                checks = [_failure(f"版式检查无法运行：{exc}")]
        return [{**c, "marks": marks(c, pages) if c["ok"] is False else []} for c in checks]  # (None: 未测)

    # --- JSON pieces ----------------------------------------------------------------------

    def where(self, where: Where | None) -> dict[str, Any]:
        if where is None:
            return {"file": None, "line": None, "column": None, "path": None}
        return {"file": self.relative(where.file), "line": where.line, "column": where.column, "path": where.path}

    def relative(self, path: Path) -> str:
        """A file as the editor names it: relative to the content folder, or assets/… beside it."""
        resolved = path.resolve()
        for root, prefix in ((self.root, ""), (self.assets, "../assets/")):
            if resolved.is_relative_to(root):
                return prefix + resolved.relative_to(root).as_posix()
        return str(path)

    def problem(self, problem: Problem) -> dict[str, Any]:
        return {"level": "warning" if problem.warning else "error", **self.where(problem.where),
                "message": problem.message, "suggestion": problem.hint}

    def line(self, placed: Placed) -> dict[str, Any]:
        return {"text": placed.text, "role": placed.role, "box": [round(v, 5) for v in placed.box],
                **self.where(placed.where)}

    # --- output jobs ----------------------------------------------------------------------

    def start_job(self, what: str, run: Callable[[], list[Path]]) -> bool:
        """Run an output job in the background; False when one is running already."""
        if not self._job_lock.acquire(blocking=False):
            return False
        started = time.time()
        self.publish(job={"what": what, "running": True, "started": started, "files": [], "error": None})

        def said(step: str) -> None:
            self.publish(job={**self.state["job"], "step": step})

        def work() -> None:
            try:
                with progress.listening(said):
                    files = [self.output_name(path) for path in run()]
                self.publish(job={**self.state["job"], "running": False, "files": files,
                                  "seconds": round(time.time() - started, 2)})
            except ContentError as exc:
                self.publish(job={**self.state["job"], "running": False,
                                  "error": f"{len(exc.errors)} 个错误，未能生成；已有的文件保持不变。",
                                  "problems": [self.problem(p) for p in exc.problems]})
            except Exception as exc:  # an internal error: said, not swallowed
                self.publish(job={**self.state["job"], "running": False, "error": f"内部错误：{type(exc).__name__}: {exc}"})
            finally:
                self._job_lock.release()

        threading.Thread(target=work, daemon=True, name=f"briefing-{what}").start()
        return True

    def output_name(self, path: Path) -> str:
        return path.resolve().relative_to(self.dist.resolve()).as_posix()


def page_key(book: Book, index: int) -> str:
    """A hash of everything the page draws, pictures by their bytes: equal keys, equal images."""
    digest = hashlib.sha256(repr(book.pages[index].items).encode())
    for item in book.pages[index].items:
        for part in (item.items if isinstance(item, Turned) else (item,)):
            if isinstance(part, Picture):
                digest.update(part.path.read_bytes())
    return digest.hexdigest()[:24]


_NAMED = re.compile(r"第(\d+)页(?:“([^”…]*)[…”])?")


def marks(check: dict[str, Any], pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where a failed check is on the pages: the lines its measurement names (第3页“开头几个字…”),
    else the whole page it names (or gives as `page`, if the checker gives one)."""
    found: list[dict[str, Any]] = []
    for match in _NAMED.finditer(str(check.get("measured", ""))):
        number, start = int(match[1]), (match[2] or "").strip()
        if not 1 <= number <= len(pages):
            continue
        lines = [line for line in pages[number - 1]["lines"] if start and line["text"].replace(" ", "").startswith(
            start.replace(" ", ""))]
        found += [{"page": number, "box": line["box"]} for line in lines[:1]] or [{"page": number, "box": [0, 0, 1, 1]}]
    page = check.get("page")
    if not found and isinstance(page, int) and 1 <= page <= len(pages):
        found.append({"page": page, "box": [0, 0, 1, 1]})
    return found

