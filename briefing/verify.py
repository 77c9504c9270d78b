"""`briefing verify`: is this file a copy we sent, as we sent it?

It tells which document, copy number and recipient the file says it is (PDF document
information, OFD CustomDatas), compares the file byte for byte with its row of the register
(发文登记.csv: its SHA-256, and its signature's digest), and checks a PDF's signatures (pyHanko:
the signed bytes unchanged and nothing added after the last signature). Any difference is a
finding; a file that can be checked against neither a register nor a signature is one too.
"""
from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from .distribute import read_register_csv
from .errors import ContentError, display_path
from .sign import pyhanko, signature_digest
from .stamp import COPY_KEYS

REGISTER = "发文登记.csv"  # looked for beside the file when no register is given
OFD_NS = "{http://www.ofdspec.org/2016}"


@dataclass
class Verdict:
    """What verify found: the lines of its report, and the findings (changes, missing proof)."""

    lines: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def report(self) -> str:
        closing = "结论：与发出时一致。" if self.ok else f"结论：发现 {len(self.findings)} 个问题。"
        return "\n".join([*self.lines, *(f"问题：{finding}" for finding in self.findings), closing])


@dataclass(frozen=True)
class Identity:
    title: str
    number: str  # 份号 ("" when the file names none)
    recipient: str


def verify(path: Path, register: Path | None = None) -> Verdict:
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError.one(None, f"无法读取“{shown}”：{exc.strerror or exc}。", "写出要核验的 PDF 或 OFD 文件的路径。") from None
    digest = hashlib.sha256(data).hexdigest()
    verdict = Verdict([f"文件：{shown}", f"SHA-256：{digest}"])
    ofd = data.startswith(b"PK")
    if not ofd and not data.startswith(b"%PDF-"):
        raise ContentError.one(None, f"“{shown}”既不是 PDF 也不是 OFD 文件。", "写出 briefing 生成的 PDF 或 OFD 文件。")
    try:
        identity = _ofd_identity(data) if ofd else _pdf_identity(data)
    except Exception as exc:  # (any reader's error: the structure is broken)
        verdict.findings.append(f"文件结构已损坏，读不出文件信息（{type(exc).__name__}）。")
        identity = Identity("", "", "")
    verdict.lines += [f"文件标题：{identity.title or '（未写明）'}",
                      f"份号：{identity.number or '（未写明：不是分发件）'}",
                      f"收件单位：{identity.recipient or '（未写明）'}"]
    signature = None if ofd else signature_digest(data)
    signed = signature is not None
    if signed:
        _check_signatures(data, verdict)
    else:
        verdict.lines.append("签名：无")
    register = register or (path.parent / REGISTER if (path.parent / REGISTER).is_file() else None)
    if register is not None:
        _check_register(path, digest, signature, identity, register, verdict)
    elif not signed:
        verdict.findings.append(f"既没有签名，也没有发文登记（{REGISTER}）可以对照，无法确认它与发出时一致。"
                                "用 --register 指定发文登记。")
    else:
        verdict.lines.append("发文登记：未找到，只核验了签名")
    return verdict


def _pdf_identity(data: bytes) -> Identity:
    from pypdf import PdfReader
    info: dict = PdfReader(io.BytesIO(data)).metadata or {}
    return Identity(str(info.get("/Title", "")), str(info.get(f"/{COPY_KEYS['份号'].decode()}", "")),
                    str(info.get(f"/{COPY_KEYS['收件单位'].decode()}", "")))


def _ofd_identity(data: bytes) -> Identity:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = ElementTree.fromstring(package.read("OFD.xml"))
    info = root.find(f"{OFD_NS}DocBody/{OFD_NS}DocInfo")
    if info is None:
        raise ValueError("OFD.xml has no DocInfo")
    custom = {item.get("Name"): item.text or "" for item in info.iter(f"{OFD_NS}CustomData")}
    return Identity(info.findtext(f"{OFD_NS}Title", ""), custom.get("份号", ""), custom.get("收件单位", ""))


def _check_register(path: Path, digest: str, signature: str | None, identity: Identity, register: Path,
                    verdict: Verdict) -> None:
    shown = display_path(register)
    try:
        rows = read_register_csv(register)
    except (OSError, KeyError, UnicodeDecodeError, csv.Error) as exc:
        raise ContentError.one(None, f"发文登记“{shown}”读不出：{exc}。",
                               "写出 briefing distribute 生成的 发文登记.csv。") from None
    row = next((r for r in rows if identity.number and r.get("份号") == identity.number), None) or next(
        (r for r in rows if r.get("文件名") == path.name), None)
    if row is None:
        verdict.findings.append(f"发文登记“{shown}”中没有这一份（份号 {identity.number or '未写明'}，文件名 {path.name}）。")
        return
    verdict.lines.append(f"发文登记：{shown} 第 {row['份号']} 份，发给 {row['收件单位']}")
    if identity.number and identity.recipient and identity.recipient != row["收件单位"]:
        verdict.findings.append(f"文件写的收件单位“{identity.recipient}”与登记的“{row['收件单位']}”不同。")
    if digest == row["SHA-256"]:
        verdict.lines.append("逐字节核对：与登记的 SHA-256 相同")
    else:
        verdict.findings.append(f"与登记的第 {row['份号']} 份逐字节不同：SHA-256 登记为 {row['SHA-256'][:16]}…，"
                                f"实际为 {digest[:16]}…，文件发出后被改动过。")
    recorded = row.get("签名摘要", "")
    if recorded and signature != recorded:
        verdict.findings.append("签名与登记的签名摘要不同：签名被替换或改动过。")


def _check_signatures(data: bytes, verdict: Verdict) -> None:
    """Each signature: its signed bytes unchanged (intact, its signer's signature valid), and the
    last one covering the whole file. Whether the signer's certificate is to be trusted is
    the office's call (its own root certificate), not decided here."""
    try:
        pyhanko()
    except ContentError:
        verdict.findings.append("文件有签名，但当前环境没有 pyHanko，无法核验签名。运行 pip install 'briefing[sign]'。")
        return
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as exc:
        verdict.findings.append(f"读不出签名（{type(exc).__name__}），文件结构被改动过。")
        return
    for index, signature in enumerate(signatures, 1):
        try:
            status = validate_pdf_signature(signature, ValidationContext(trust_roots=[signature.signer_cert],
                                                                         allow_fetching=False))
        except Exception as exc:
            verdict.findings.append(f"签名 {index} 无法核验（{type(exc).__name__}），签名或文件被改动过。")
            continue
        subject = signature.signer_cert.subject.native
        signer = subject.get("common_name") or signature.signer_cert.subject.human_friendly
        when = status.signer_reported_dt.astimezone().strftime("%Y-%m-%d %H:%M:%S %z") if status.signer_reported_dt else "未写明"
        if not (status.intact and status.valid):
            verdict.findings.append(f"签名 {index}（{signer}）已失效：签名后签过的内容被改动过。")
            continue
        verdict.lines.append(f"签名 {index}：完好（签名人 {signer}，签名时间 {when}）")
        if index == len(signatures) and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            verdict.findings.append(f"签名 {index} 之后文件又被追加了改动（签名只覆盖到改动之前）。")
    verdict.lines.append("证书是否可信：本命令不判断，请用本单位的根证书核对（如 pdfsig 或 pyHanko）。")
