"""Old Word (.doc) and WPS (.wps) drafts, through LibreOffice's converter to DOCX."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from .source import Draft, refuse

TIMEOUT = 120  # seconds LibreOffice may take for one draft (README 限制)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_converted(path: Path, read_docx: Callable[[Path], Draft]) -> Draft:
    program = soffice()
    if program is None:
        raise refuse(path, f"读取 {path.suffix} 文件需要 LibreOffice，本机没有安装。",
                     "安装 LibreOffice（如 apt install libreoffice-writer），或在 Word/WPS 中另存为 .docx 后导入。")
    with tempfile.TemporaryDirectory(prefix="briefing-import-") as work:
        # A private profile: a LibreOffice the user has open does not block the conversion.
        profile = Path(work, "profile").as_uri()
        source = Path(work, "draft" + path.suffix.lower())
        shutil.copyfile(path, source)  # the input is never handed to another program to write
        try:
            subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                            "--outdir", work, str(source)], capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise refuse(path, f"LibreOffice 在 {TIMEOUT} 秒内没有转换完。", "在 Word/WPS 中另存为 .docx 后导入。") from None
        converted = Path(work, "draft.docx")
        if not converted.is_file():
            raise refuse(path, "LibreOffice 无法打开它：文件可能已损坏、已加密，或不是 Word/WPS 文档。",
                         "在 Word/WPS 中打开并另存为 .docx 后再导入。")
        draft = read_docx(converted)
    draft.path = path
    return draft
