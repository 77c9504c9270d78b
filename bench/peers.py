#!/usr/bin/env python3
"""Side by side with the peers in ../shared/peers: Typst and stock ReportLab set the same text on
the project's fonts. For the default edition and one scaled to ~450 pages, runs the three tools in
interleaved rounds (each in a fresh process) and prints CPU and wall medians, the median of the
per-round CPU ratios briefing ÷ Typst, peak memory, PDF sizes and pdftotext character counts
(the three must set the same text: within 1 %, or the comparison is marked NOT COMPARABLE). briefing runs twice
a round: with a warm cache (filled once before the rounds) and with an empty one (a new
XDG_CACHE_HOME each run: a new machine, CI); Typst keeps no cache. Then the rebuild after a
one-paragraph edit: briefing's watch mode (a second build in the same process) against a reused
Typst compiler; the edit is made in the file the edition reads, and must change the PDF.

    pip install -e '.[bench]'
    python bench/peers.py [--runs 3] [--copies 40] [--peers ../shared/peers]
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from build import scaled_content  # noqa: E402

EDIT = ("一是高站位推进科创走廊建设。", "一是高站位、高标准推进科创走廊建设。")  # the one-paragraph edit


def peer_document(content: Path) -> dict:
    """The text briefing prints, in reading order, in the peers' DOC.yaml format."""
    from briefing import api
    from briefing.compose import CardRow, ChartBlock, TableBlock, TextBlock

    document = api.check(content).document
    head, closing, furniture = document.masthead, document.closing, document.furniture

    def flush(text: str) -> dict:
        return {"type": "p", "text": text, "indent": False}

    body: list[dict] = [flush(head.mark.text), flush(head.number.text), flush(furniture.recipients)]

    def blocks(items) -> None:
        for block in items:
            if isinstance(block, TextBlock):
                text = "".join(run.text for run in block.runs)
                kind = {1: "h1", 2: "h2"}.get(block.level, "p")
                body.append({"type": kind, "text": text})
            elif isinstance(block, CardRow):
                body.append({"type": "cards", "cards": [_card(card) for card in block.cards]})
            elif isinstance(block, ChartBlock):  # the words the chart prints
                body.append(flush("实际　目标　目标为100%"))
                body.extend(flush(f"{bar.label}　{bar.actual}　{bar.goal}　{bar.share}%") for bar in block.bars)
                body.append(flush(block.caption))
            elif isinstance(block, TableBlock):  # caption, header, rows (a grouped column's label once)
                body.extend([flush(block.caption)] + [flush("　".join(row)) for row in block.header])
                previous = None
                for row in block.rows:
                    shown = row[1:] if block.merge_first and row[0] == previous else row
                    previous = row[0]
                    body.append(flush("　".join(shown)))

    blocks(document.body)
    body += [flush(line) for line in document.attachment_note]
    body += [flush(closing.issuers[0].text), flush(closing.date.text)]
    for attachment in document.attachments:
        body += [{"type": "pagebreak"}, flush(attachment.label), {"type": "title", "text": attachment.title}]
        if attachment.panel is not None:
            for row in attachment.panel.rows:
                body.append({"type": "cards", "cards": [_card(card) for card in row.cards]})
        blocks(attachment.blocks)
    if furniture.cc:
        body.append(flush("抄送：" + furniture.cc))
    body.append(flush(f"{furniture.printer.text}　{furniture.printed.text}"))
    return {"title": document.title.text, "draft": furniture.draft_mark.text if furniture.draft_mark else "", "body": body}


def _card(card) -> dict:
    """A card as the peers' callout, with every word briefing's card prints (its progress too)."""
    change = "　".join([card.note] + ([card.progress.goal, f"{card.progress.share}%"] if card.progress else []))
    return {"label": f"{card.label}　{card.year}", "value": card.value, "unit": card.unit, "change": change}


def run(command: list[str], env: dict | None = None) -> dict:
    """CPU seconds (user + system), wall seconds and peak memory of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{command[:3]} failed: {child.stderr.read().decode()[-2000:] if child.stderr else ''}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "rss": usage.ru_maxrss / 1024}


FOLIO = re.compile(r"^\s*—\s*\d+\s*—\s*$", re.MULTILINE)  # “— 7 —”: the peers number no pages


def characters(pdf: Path) -> int:
    """Characters printed, but for the folios."""
    text = FOLIO.sub("", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    return sum(1 for c in text if not c.isspace())


WATCH_BRIEFING = """
import sys, time
from pathlib import Path
from briefing import api
content, out, part = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[1]) / sys.argv[3]
api.build(content, out)
before = out.read_bytes()
text = part.read_text(encoding="utf-8")
assert sys.argv[4] in text, f"the edit's text is not in {part}"
part.write_text(text.replace(*sys.argv[4:6], 1), encoding="utf-8")
cpu, wall = time.process_time(), time.perf_counter()
api.build(content, out)
print(time.process_time() - cpu, time.perf_counter() - wall)
assert out.read_bytes() != before, "the edit did not change the PDF"
"""
EDITED = {"default": "summary-2022.yaml", "scaled": "summary-2022-0.yaml"}  # a file each edition reads

WATCH_TYPST = """
import json, sys, time
from pathlib import Path
import typst, yaml
peers, fonts, doc, edited, out = map(Path, sys.argv[1:6])
compiler = typst.Compiler(str(peers / "typst" / "briefing.typ"), root=str(peers / "typst"), font_paths=[str(fonts)],
                          ignore_system_fonts=True)
def inputs(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {"doc": json.dumps(data, ensure_ascii=False), "song": "FandolSong", "kai": "FandolKai", "hei": "FandolHei"}
compiler.compile(output=str(out), sys_inputs=inputs(doc), pdf_tags=False)
cpu, wall = time.process_time(), time.perf_counter()
compiler.compile(output=str(out), sys_inputs=inputs(edited), pdf_tags=False)
print(time.process_time() - cpu, time.perf_counter() - wall)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--copies", type=int, default=40, help="repeats of the attachment's parts (~11 pages each)")
    parser.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers")
    args = parser.parse_args()
    fonts = ROOT / "fonts"
    python = sys.executable
    # As the README's install command: bytecode written once, whatever PYTHONDONTWRITEBYTECODE says.
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "briefing")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        editions = {"default": ROOT / "content", "scaled": scaled_content(work / "scaled", args.copies)}
        warm = work / "warm-cache"
        print(f"{'edition':<8} {'tool':<10} {'CPU s':>7} {'wall s':>7} {'MiB':>6} {'pages':>6} {'PDF kB':>7} {'chars':>8}")
        for name, content in editions.items():
            doc = work / f"{name}.yaml"
            doc.write_text(yaml.safe_dump(peer_document(content), allow_unicode=True), encoding="utf-8")
            briefing = [python, "-m", "briefing", "-q", "build", str(content), "-o", str(work / f"{name}-b.pdf")]
            run(briefing, {"XDG_CACHE_HOME": str(warm)})  # fills the warm cache
            commands = {
                "briefing": (briefing, {"XDG_CACHE_HOME": str(warm)}),
                "briefing-empty": (briefing, None),  # (a new cache folder each run, below)
                "typst": ([python, str(args.peers / "typst" / "build.py"), str(fonts), "FandolSong", "FandolKai",
                           "FandolHei", str(work / f"{name}-t.pdf"), str(doc)], None),
                "reportlab": ([python, str(args.peers / "reportlab" / "build_rl.py"), str(doc),
                               str(work / f"{name}-r.pdf")], {"FONT_DIR": str(fonts)}),
            }
            results: dict[str, list[dict]] = {tool: [] for tool in commands}
            for n in range(args.runs):  # interleaved: each round runs every tool once
                for tool, (command, env) in commands.items():
                    results[tool].append(run(command, env or {"XDG_CACHE_HOME": str(work / f"empty-{name}-{n}")}))
            counts = {}
            for tool, rounds in results.items():
                pdf = work / f"{name}-{tool[0]}.pdf"
                counts[tool] = characters(pdf)
                pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
                count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages")), "?")
                print(f"{name:<8} {tool:<10} {statistics.median(r['cpu'] for r in rounds):>7.3f} "
                      f"{statistics.median(r['wall'] for r in rounds):>7.3f} "
                      f"{statistics.median(r['rss'] for r in rounds):>6.0f} {count:>6} "
                      f"{pdf.stat().st_size / 1024:>7.0f} {counts[tool]:>8}")
            for peer in ("typst", "reportlab"):
                if abs(counts[peer] / counts["briefing"] - 1) > 0.01:
                    print(f"{name:<8} NOT COMPARABLE: {peer} prints {counts[peer] / counts['briefing'] - 1:+.1%} "
                          "characters (more than 1 % off: the peer document leaves out text briefing prints)")
            for mine, peer in (("briefing", "typst"), ("briefing-empty", "typst"), ("briefing", "reportlab")):
                ratios = [b["cpu"] / p["cpu"] for b, p in zip(results[mine], results[peer])]
                size = (work / f"{name}-b.pdf").stat().st_size / (work / f"{name}-{peer[0]}.pdf").stat().st_size
                memory = statistics.median(r["rss"] for r in results[mine]) / statistics.median(
                    r["rss"] for r in results[peer])
                print(f"{name:<8} {mine} ÷ {peer:<9} CPU {statistics.median(ratios):.2f} "
                      f"(rounds {', '.join(f'{r:.2f}' for r in ratios)}), PDF size {size:.2f}, memory {memory:.2f}")
        print("rebuild after a one-paragraph edit (CPU s, wall s; median):")
        for name, content in editions.items():
            briefing_times, typst_times = [], []
            edited_doc = work / f"{name}-edited.yaml"
            edited_doc.write_text((work / f"{name}.yaml").read_text(encoding="utf-8").replace(*EDIT, 1),
                                  encoding="utf-8")
            for n in range(args.runs):
                copy = work / f"watch-{name}-{n}"
                subprocess.run(["cp", "-r", str(content), str(copy)], check=True)
                out = subprocess.run([python, "-c", WATCH_BRIEFING, str(copy), str(work / "w.pdf"), EDITED[name], *EDIT],
                                     capture_output=True, text=True, cwd=ROOT, check=True,
                                     env={**os.environ, "XDG_CACHE_HOME": str(warm)}).stdout.split()
                briefing_times.append(tuple(map(float, out)))
                out = subprocess.run([python, "-c", WATCH_TYPST, str(args.peers), str(fonts), str(work / f"{name}.yaml"),
                                      str(edited_doc), str(work / "w-t.pdf")], capture_output=True, text=True,
                                     check=True).stdout.split()
                typst_times.append(tuple(map(float, out)))
            b = statistics.median(t[0] for t in briefing_times), statistics.median(t[1] for t in briefing_times)
            t = statistics.median(x[0] for x in typst_times), statistics.median(x[1] for x in typst_times)
            print(f"{name:<8} briefing {b[0]:.3f} / {b[1]:.3f}   typst {t[0]:.3f} / {t[1]:.3f}   "
                  f"briefing ÷ typst (wall) {b[1] / t[1]:.2f}")


if __name__ == "__main__":
    main()
