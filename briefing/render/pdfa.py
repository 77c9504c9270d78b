"""The archival edition: PDF/A-2b (ISO 19005-2, level B: the pages look the same for good).

What the edition adds to the PDF we write anyway (every font embedded, no encryption, no
JavaScript): XMP metadata naming the part and level beside the document information it
repeats (ISO 19005-2 §6.6), and an output intent whose profile gives the device colours their
meaning (§6.2.3). The profile is sRGB, the only output profile with a free licence we found
(Debian's icc-profiles-free, see icc/LICENSE-sRGB.txt: its CMYK sets are measurement data, not
profiles); so the edition writes its colours as RGB (the CMYK red Y80 % M80 % as the RGB a
viewer shows for it), as §6.2.4.3 requires of device colours under an RGB intent.
"""
from __future__ import annotations

import re
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc

from .. import memo
from ..pageplan.book import Info
from .pdf import CREATOR

PROFILE = Path(__file__).resolve().parent / "icc" / "sRGB.icc"
CONDITION = "sRGB IEC61966-2.1"
PART, CONFORMANCE = 2, "B"


def in_rgb(operators: str) -> str:
    """Page operators with each CMYK colour (`c m y k k`, `… K`) set as RGB (`rg`, `RG`)."""
    return _CMYK.sub(_rgb, operators)


_CMYK = re.compile(r"(?<![\w.])([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ([kK])(?=\s)")


def _rgb(match: re.Match) -> str:
    c, m, y, k = (float(value) for value in match.group(1, 2, 3, 4))
    rgb = " ".join(_number((1 - v) * (1 - k)) for v in (c, m, y))
    return f"{rgb} {'rg' if match.group(5) == 'k' else 'RG'}"


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def mark_archival(doc: pdfdoc.PDFDocument, info: Info) -> None:
    """Give the document ReportLab is writing its PDF/A metadata and output intent."""
    catalog = doc.Catalog
    catalog.Metadata = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"),
                                                              "Subtype": pdfdoc.PDFName("XML")}),
                                        xmp(info, doc._timeStamp))  # no /Filter (ReportLab: none by default)
    profile = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 3, "Filter": pdfdoc.PDFName("FlateDecode")}),
                               _profile())
    catalog.__NoDefault__ = [*pdfdoc.PDFCatalog.__NoDefault__, "OutputIntents"]
    catalog.OutputIntents = pdfdoc.PDFArray([pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString(CONDITION), "Info": pdfdoc.PDFString(CONDITION),
        "RegistryName": pdfdoc.PDFString("http://www.color.org"),
        "DestOutputProfile": doc.Reference(profile, "briefing:sRGB")})])


@memo.kept("sRGB profile")
def _profile() -> bytes:
    return zlib.compress(PROFILE.read_bytes())


def xmp(info: Info, stamp: pdfdoc.TimeStamp) -> bytes:
    """The XMP packet: PDF/A identification, and the document information as the same values
    (§6.6.2.3: they must agree), dates from the timestamp ReportLab writes into /Info."""
    year, month, day, hour, minute, second = stamp.YMDhms
    date = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{stamp.dhh:+03d}:{stamp.dmm:02d}"

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    fields = [f"<pdfaid:part>{PART}</pdfaid:part>", f"<pdfaid:conformance>{CONFORMANCE}</pdfaid:conformance>",
              "<dc:format>application/pdf</dc:format>", f"<dc:title>{alt(info.title)}</dc:title>"]
    if info.author:
        fields.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>")
    if info.subject:
        fields.append(f"<dc:description>{alt(info.subject)}</dc:description>")
    if info.keywords:
        fields.append(f"<pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>")
    fields += [f"<pdf:Producer>{escape(info.producer)}</pdf:Producer>", "<pdf:Trapped>False</pdf:Trapped>",
               f"<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>", f"<xmp:CreateDate>{date}</xmp:CreateDate>",
               f"<xmp:ModifyDate>{date}</xmp:ModifyDate>", f"<xmp:MetadataDate>{date}</xmp:MetadataDate>"]
    packet = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
              '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
              'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
              'xmlns:xmp="http://ns.adobe.com/xap/1.0/">' + "".join(fields) +
              '</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="r"?>')
    return packet.encode("utf-8")
