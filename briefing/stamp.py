"""Stamp page 1 of a PDF this program wrote by appending an incremental update (ISO 32000-1
§7.5.6).

The master's bytes are kept as they are. The update adds two content streams and a new
version of page 1 whose contents are the original wrapped in q … Q and then the stamp; the
stamp's characters are in the master's own fonts (written with them reserved: see
render.pdf.write_pdf), so the update adds no font. The master is one ReportLab wrote for us, so
page 1 and the trailer are read from the layout ReportLab gives them rather than by a general
PDF parser (pypdf took 0.15 s to import, as long as fifty copies take to stamp; see
render.ourpdf).
"""
from __future__ import annotations

import zlib

from .render.ourpdf import found, last_xref, trailer_entries


class Master:
    """A PDF read once, to be stamped many times."""

    def __init__(self, data: bytes):
        self.data = data if data.endswith(b"\n") else data + b"\n"
        trailer = self.data[self.data.rindex(b"\ntrailer\n"):] if b"\ntrailer\n" in self.data else b""
        self.size = int(found(rb"/Size (\d+)", trailer))
        self.trailer = trailer_entries(trailer)
        self.previous_xref = last_xref(self.data)
        self.page_number = int(found(rb"/Kids \[ (\d+) 0 R", self.data))  # (one page tree node)
        start = self.data.index(b"\n%d 0 obj\n" % self.page_number) + 1
        page = self.data[self.data.index(b"<<", start):self.data.index(b"\nendobj", start)]
        self.contents = found(rb"/Contents (\d+ 0 R)", page)
        self.page = page

    def update(self, operators: str) -> bytes:
        """What follows the master's bytes in a copy with `operators` (drawn with the master's
        fonts) over its page 1: the copy is `data + update(…)`."""
        wrap, drawing = self.size, self.size + 1
        page = self.page.replace(b"/Contents " + self.contents,
                                 b"/Contents [ %d 0 R %s %d 0 R ]" % (wrap, self.contents, drawing), 1)
        stream = zlib.compress(f"Q\n{operators}\n".encode("ascii"))
        objects = [(self.page_number, page),
                   (wrap, b"<< /Length 1 >>\nstream\nq\nendstream"),
                   (drawing, b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))]
        out = bytearray()
        offsets = {}
        for number, body in objects:
            offsets[number] = len(self.data) + len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(self.data) + len(out)
        out += b"xref\n0 1\n0000000000 65535 f\r\n"  # readers (pypdf) expect the free-list head
        out += b"%d 1\n%010d 00000 n\r\n" % (self.page_number, offsets[self.page_number])
        out += b"%d 2\n%010d 00000 n\r\n%010d 00000 n\r\n" % (wrap, offsets[wrap], offsets[drawing])
        out += b"trailer\n<< /Size %d %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            self.size + 2, self.trailer, self.previous_xref, xref)
        return bytes(out)
