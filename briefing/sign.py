"""Sign a PDF we wrote with the office's certificate: a PAdES baseline signature (ETSI EN 319
142-1, B-B; B-T and B-LT with a timestamp server) made by pyHanko, in a signature field where
the page plan put the seal, the seal image as the field's appearance.

When an edition is signed the seal is drawn by the signature, not by the page: the plan's seal
picture becomes the field (see seal_place), so a copy whose signature is removed shows no seal.
The certificate's password comes from BRIEFING_SIGN_PASSWORD or the terminal, never from the
command line or a file we write. pyHanko is the optional extra `sign` (pip install 'briefing[sign]').
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .errors import ContentError, display_path

if TYPE_CHECKING:
    from .pageplan import PagePlan

PASSWORD_VARIABLE = "BRIEFING_SIGN_PASSWORD"
FIELD = "Seal"  # the signature field's name (ASCII: readers show it in their signature panels)
SEAL_ROLES = ("印章", "签名章")  # an organ's seal; an order's signature stamp (GB/T 9704 §7.3.5.3)
SIGNED_ROLES = ("发文机关署名", "成文日期")  # where an unsealed edition's (invisible) signature belongs


@dataclass(frozen=True)
class SealPlace:
    """Where the signature goes: a page (from 0), and the seal's box and image when there is a
    seal (else the signature is invisible, on the page of the 署名)."""

    page: int
    box: tuple[float, float, float, float] | None = None
    image: Path | None = None


@dataclass(frozen=True)
class Signing:
    """The office's signer (any pyHanko signer: a PKCS#12 file's, a PKCS#11 token's) and an
    optional timestamp server, which also brings the long-term validation data."""

    signer: Any  # pyhanko.sign.signers.Signer (pyHanko is optional: not imported for the type)
    timestamp_url: str | None = None


def pyhanko() -> None:
    """Import pyHanko, quietly (it imports cryptography's deprecated DSA, which would warn the
    user about what we do not use); refuse, with how to install it, when it is missing."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # (CryptographyDeprecationWarning)
            import pyhanko.sign.signers  # noqa: F401
    except ImportError:
        raise ContentError.one(None, "签名需要 pyHanko，当前环境没有安装。",
                               "运行 pip install 'briefing[sign]' 安装后再签名。") from None


def signed_producer() -> str:
    """The producer pyHanko writes into the XMP of a file it signs (and adds to /Producer unless
    already there): a PDF/A edition to be signed names it from the start, so the two agree."""
    from pyhanko.pdf_utils.metadata.model import VENDOR
    return VENDOR


def password(p12: Path, ask: Callable[[], str] | None) -> bytes:
    """The certificate's password: from BRIEFING_SIGN_PASSWORD, else asked at the terminal."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given is None:
        if ask is None:
            raise ContentError.one(None, f"没有给出证书“{display_path(p12)}”的密码。",
                                   f"在终端中运行以便输入密码，或先设置环境变量 {PASSWORD_VARIABLE}。")
        given = ask()
    return given.encode("utf-8")


def load_signing(p12: Path, secret: bytes, timestamp_url: str | None = None) -> Signing:
    """The signer of a PKCS#12 file (.p12, .pfx): its key, certificate and the chain it holds."""
    pyhanko()
    from pyhanko.sign.signers import SimpleSigner
    shown = display_path(p12)
    try:
        data = p12.read_bytes()
    except OSError as exc:
        raise ContentError.one(None, f"无法读取证书“{shown}”：{exc.strerror or exc}。",
                               "写出 PKCS#12 证书文件（.p12 或 .pfx）的路径。") from None
    try:
        signer = SimpleSigner.load_pkcs12_data(data, other_certs=set(), passphrase=secret)
    except ValueError:  # (cryptography's: a wrong password, not PKCS#12, no key or certificate)
        raise ContentError.one(None, f"证书“{shown}”打不开：密码不对，或不是含私钥的 PKCS#12 证书文件。",
                               f"核对密码（环境变量 {PASSWORD_VARIABLE} 或终端输入）；导出证书时选择“包含私钥”，"
                               "得到 .p12 或 .pfx 文件。") from None
    return Signing(signer, timestamp_url)


def seal_place(plans: Sequence[PagePlan], seal: Path | None) -> tuple[list[PagePlan], SealPlace]:
    """The plans without the lead organ's seal (or an order's signature stamp), and where that
    seal was: the signature field takes its place and shows it. Without a seal, the page of the
    署名 and date, for an invisible signature."""
    from .pageplan.items import Picture, TextLine  # (the layout's items: loaded when a layout is signed)
    for index, plan in enumerate(plans):
        for item in plan.items:
            if isinstance(item, Picture) and item.role in SEAL_ROLES and (seal is None or item.path == seal):
                rest = [other for other in plan.items if other is not item]
                box = (item.x, item.y, item.x + item.width, item.y + item.height)
                return ([*plans[:index], dataclasses.replace(plan, items=rest), *plans[index + 1:]],
                        SealPlace(index, box, item.path))
    signed = next((index for index, plan in enumerate(plans) for item in plan.items
                   if isinstance(item, TextLine) and item.role in SIGNED_ROLES), 0)
    return list(plans), SealPlace(signed)


def sign_pdf(data: bytes, place: SealPlace, signing: Signing, reserved: int | None = None) -> bytes:
    """`data` with a signature appended as an incremental update (its bytes kept as they are).
    `reserved`: the room to leave for the signature (see reserved_size); without it pyHanko
    signs once more, as a trial, to measure (half the time of a signature: 50 ms)."""
    pyhanko()
    from pyhanko import stamp
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    box = None
    if place.box is not None:
        left, bottom, right, top = (round(v) for v in place.box)
        box = (left, bottom, right, top)
    fields.append_signature_field(writer, fields.SigFieldSpec(FIELD, on_page=place.page, box=box))
    style = None
    if place.image is not None:
        fill = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID,
                                          y_align=layout.AxisAlignment.ALIGN_MID, margins=layout.Margins(),
                                          inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT)
        style = stamp.StaticStampStyle(border_width=0, background=PdfImage(str(place.image)),
                                       background_layout=fill, background_opacity=1.0)
    timestamper = timestamps.HTTPTimeStamper(signing.timestamp_url) if signing.timestamp_url else None
    lasting = timestamper is not None  # long-term validation data, fetched with the timestamp
    meta = signers.PdfSignatureMetadata(field_name=FIELD, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES, embed_validation_info=lasting,
                                        validation_context=_fetching_context() if lasting else None)
    output = io.BytesIO()
    signers.PdfSigner(meta, signing.signer, timestamper=timestamper, stamp_style=style).sign_pdf(
        writer, bytes_reserved=reserved, output=output)
    return output.getvalue()


def _fetching_context() -> Any:
    from pyhanko_certvalidator import ValidationContext
    return ValidationContext(allow_fetching=True)


def signature_digest(data: bytes) -> str | None:
    """The register's record of a PDF's last signature: the SHA-256 of its /Contents (the CMS
    object, as the hex string written between the two byte ranges); None when it is unsigned."""
    contents = _last_contents(data)
    return hashlib.sha256(data[contents[0]:contents[1]]).hexdigest() if contents else None


def reserved_size(data: bytes) -> int | None:
    """The room left for the last signature of a PDF we signed, as pyHanko counts it: the hex
    digits between the byte ranges (without the angle brackets). Enough for the next signature
    by the same signer with no timestamp, whose size does not change from one to the next."""
    contents = _last_contents(data)
    return contents[1] - contents[0] - 2 if contents else None


def _last_contents(data: bytes) -> tuple[int, int] | None:
    """Where the last signature's /Contents lies: between its two byte ranges."""
    ranges = _BYTE_RANGE.findall(data)
    if not ranges:
        return None
    first, length, second, _ = (int(value) for value in ranges[-1])
    return first + length, second


_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
