"""Stamp page 1 of a PDF this program wrote by appending an incremental update (ISO 32000-1
§7.5.6).

The master's bytes are kept as they are. The update adds two content streams and a new
version of page 1 whose contents are the original wrapped in q … Q and then the stamp; the
stamp's characters are in the master's own fonts (written with them reserved: see
render.pdf.write_pdf), so the update adds no font. The master is one ReportLab wrote for us, so
page 1 and the trailer are read from the layout ReportLab gives them rather than by a general
PDF parser (pypdf took 0.15 s to import, as long as fifty copies take to stamp); a layout this
module does not recognise is an error, never a guess.
"""
from __future__ import annotations

import re
import zlib


class Master:
    """A PDF read once, to be stamped many times."""

    def __init__(self, data: bytes):
        self.data = data if data.endswith(b"\n") else data + b"\n"
        trailer = self.data[self.data.rindex(b"\ntrailer\n"):]
        self.size = int(_found(rb"/Size (\d+)", trailer))
        self.trailer = b" ".join(b"/%s %s" % (key, _found(rb"/%s\s*(\[<[0-9a-f]+><[0-9a-f]+>\]|\d+ 0 R)" % key,
                                                                trailer))
                                 for key in (b"ID", b"Info", b"Root"))
        self.previous_xref = int(_found(rb"startxref\s+(\d+)\s+%%EOF\s*$", trailer))
        self.page_number = int(_found(rb"/Kids \[ (\d+) 0 R", self.data))  # (one page tree node)
        start = self.data.index(b"\n%d 0 obj\n" % self.page_number) + 1
        page = self.data[self.data.index(b"<<", start):self.data.index(b"\nendobj", start)]
        self.contents = _found(rb"/Contents (\d+ 0 R)", page)
        self.page = page

    def stamp(self, operators: str) -> bytes:
        """The master with `operators` (drawn with the master's fonts) over its page 1."""
        wrap, drawing = self.size, self.size + 1
        page = self.page.replace(b"/Contents " + self.contents,
                                 b"/Contents [ %d 0 R %s %d 0 R ]" % (wrap, self.contents, drawing), 1)
        stream = zlib.compress(f"Q\n{operators}\n".encode("ascii"))
        objects = [(self.page_number, page),
                   (wrap, b"<< /Length 1 >>\nstream\nq\nendstream"),
                   (drawing, b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))]
        out = bytearray(self.data)
        offsets = {}
        for number, body in objects:
            offsets[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        out += b"xref\n0 1\n0000000000 65535 f\r\n"  # readers (pypdf) expect the free-list head
        out += b"%d 1\n%010d 00000 n\r\n" % (self.page_number, offsets[self.page_number])
        out += b"%d 2\n%010d 00000 n\r\n%010d 00000 n\r\n" % (wrap, offsets[wrap], offsets[drawing])
        out += b"trailer\n<< /Size %d %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            self.size + 2, self.trailer, self.previous_xref, xref)
        return bytes(out)


class UnknownLayout(ValueError):
    """The master is not laid out as ReportLab lays out the PDFs this program writes."""


def _found(pattern: bytes, data: bytes) -> bytes:
    match = re.search(pattern, data)
    if match is None:
        raise UnknownLayout(f"not found in the master PDF: {pattern!r}")
    return match.group(1) if match.groups() else match.group()
