#!/usr/bin/env python3
"""Rebuild fonts/ from the Debian packages named below, so every byte is auditable.

    python3 fonts/rebuild.py           # needs apt-get (run `apt-get update` once) and dpkg
    python3 fonts/rebuild.py --parsed  # only the parsed faces in parsed/ (after a ReportLab upgrade)

Downloads each package with `apt-get download`, unpacks it with `dpkg -x`,
copies TrueType fonts as they are, converts CFF (.otf) fonts to TrueType
outlines, copies the licence texts and writes manifest.yaml; then parses each role's face into
parsed/ (briefing.fontcache: a new machine starts with the bundled faces parsed).
"""
from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from briefing.fontcache import SHIPPED, ship  # noqa: E402
from briefing.fontconvert import cff_to_truetype  # noqa: E402

FANDOL = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/"
FANDOL_LICENCE = ("GPL-3.0 with font exception",
                  ["usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz",
                   "usr/share/doc/texlive-doc/fonts/fandol/README"])

# role -> (package, path inside the package, face index, file in fonts/, licence)
FONTS = {
    "xiaobiaosong": ("texlive-lang-chinese", FANDOL + "FandolSong-Bold.otf", 0,
                     "FandolSong-Bold.ttf", FANDOL_LICENCE),
    "fangsong": ("texlive-lang-chinese", FANDOL + "FandolFang-Regular.otf", 0,
                 "FandolFang-Regular.ttf", FANDOL_LICENCE),
    "heiti": ("texlive-lang-chinese", FANDOL + "FandolHei-Regular.otf", 0,
              "FandolHei-Regular.ttf", FANDOL_LICENCE),
    "kaiti": ("texlive-lang-chinese", FANDOL + "FandolKai-Regular.otf", 0,
              "FandolKai-Regular.ttf", FANDOL_LICENCE),
    "songti": ("texlive-lang-chinese", FANDOL + "FandolSong-Regular.otf", 0,
               "FandolSong-Regular.ttf", FANDOL_LICENCE),
    "latin": ("fonts-liberation2", "usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
              0, "LiberationSerif-Regular.ttf",
              ("OFL-1.1", ["usr/share/doc/fonts-liberation2/copyright"])),
    "latin_bold": ("fonts-liberation2", "usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
                   0, "LiberationSerif-Bold.ttf",
                   ("OFL-1.1", ["usr/share/doc/fonts-liberation2/copyright"])),
    "latin_sans": ("fonts-liberation2", "usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
                   0, "LiberationSans-Regular.ttf",
                   ("OFL-1.1", ["usr/share/doc/fonts-liberation2/copyright"])),
    "fallback": ("fonts-arphic-uming", "usr/share/fonts/truetype/arphic/uming.ttc", 0, "uming.ttc",
                 ("Arphic Public License", ["usr/share/doc/fonts-arphic-uming/copyright"])),
}


# Why each Latin face goes with the Chinese faces it serves (written into the manifest).
WHY = {
    "latin": "Times-compatible serif for 仿宋, 宋体 and 楷体 text: the Latin face offices pair with them in Word.",
    "latin_bold": "Bold serif for the 小标宋 roles (红头, titles): digits and letters as heavy as the strokes beside them.",
    "latin_sans": "Sans serif of even stroke for the 黑体 roles (一级标题, 附件, 密级): a serif beside 黑体 looks thin and busy.",
}


def run(*cmd: str, cwd: Path) -> str:
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def unpack(package: str, work: Path) -> tuple[Path, str]:
    run("apt-get", "download", package, cwd=work)
    deb = next(work.glob(f"{package}_*.deb"))
    version = run("dpkg-deb", "-f", str(deb), "Version", cwd=work).strip()
    root = work / package
    run("dpkg", "-x", str(deb), str(root), cwd=work)
    return root, version


def copy_licence(root: Path, source: str, package: str) -> str:
    name = f"LICENSE-{package}-{Path(source).name.removesuffix('.gz')}"
    data = (root / source).read_bytes()
    if source.endswith(".gz"):
        data = gzip.decompress(data)
    (HERE / "licenses").mkdir(exist_ok=True)
    (HERE / "licenses" / name).write_bytes(data)
    return f"licenses/{name}"


def write_parsed(manifest: dict) -> None:
    """Each role's face parsed into parsed/, and nothing else there."""
    shutil.rmtree(SHIPPED, ignore_errors=True)
    SHIPPED.mkdir()
    for entry in manifest.values():
        print(f"parsed/{ship(HERE / entry['file'], entry['face'], SHIPPED)}", flush=True)


def main() -> None:
    if sys.argv[1:] == ["--parsed"]:
        write_parsed(yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8")))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        unpacked: dict[str, tuple[Path, str]] = {}
        manifest = {}
        for role, (package, inner, face, filename, (licence, licence_files)) in FONTS.items():
            if package not in unpacked:
                unpacked[package] = unpack(package, work)
            root, version = unpacked[package]
            source = root / inner
            target = HERE / filename
            if source.suffix == ".otf":
                print(f"{role}: converting {source.name} (CFF -> TrueType) ...", flush=True)
                cff_to_truetype(source, target, face)
            else:
                shutil.copyfile(source, target)
            manifest[role] = {
                "file": filename,
                "face": face,
                "source": f"{package} {version} (Debian): /{inner}",
                "converted": source.suffix == ".otf",
                "licence": licence,
                "licence_files": [copy_licence(root, f, package) for f in licence_files],
                "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
                "bytes": target.stat().st_size,
                **({"why": WHY[role]} if role in WHY else {}),
            }
        header = "# Written by fonts/rebuild.py: role -> font file, and where it came from.\n"
        (HERE / "manifest.yaml").write_text(
            header + yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print("fonts/manifest.yaml written")
    write_parsed(manifest)


if __name__ == "__main__":
    main()
