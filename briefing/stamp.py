"""Stamp page 1 of a PDF this program wrote by appending an incremental update (ISO 32000-1
§7.5.6).

The master's bytes are kept as they are. The update adds two content streams, a new
version of page 1 whose contents are the original wrapped in q … Q and then the stamp, and a
new document information dictionary naming the copy (its 份号 and recipient); the trailer
keeps the master's first /ID and gives the copy its own second one (ISO 32000-1 §14.4). The
stamp's characters are in the master's own fonts (written with them reserved: see
render.pdf.write_pdf), so the update adds no font. The master is one ReportLab wrote for us, so
page 1 and the trailer are read from the layout ReportLab gives them rather than by a general
PDF parser (pypdf took 0.15 s to import, as long as fifty copies take to stamp; see
render.ourpdf).
"""
from __future__ import annotations

import hashlib
import zlib

from .render.ourpdf import found, last_xref

COPY_KEYS = {"份号": b"CopyNumber", "收件单位": b"Recipient"}  # the copy's entries in the document information


class Master:
    """A PDF read once, to be stamped many times."""

    def __init__(self, data: bytes):
        self.data = data if data.endswith(b"\n") else data + b"\n"
        trailer = self.data[self.data.rindex(b"\ntrailer\n"):] if b"\ntrailer\n" in self.data else b""
        self.size = int(found(rb"/Size (\d+)", trailer))
        self.root = found(rb"/Root (\d+ 0 R)", trailer)
        info = found(rb"/Info (\d+) 0 R", trailer)
        self.first_id = found(rb"/ID\s*\[<([0-9a-f]+)>", trailer)
        start = self.data.index(b"\n%s 0 obj\n" % info) + 1
        self.info = self.data[self.data.index(b"<<", start):self.data.rindex(b">>", start, self.data.index(b"\nendobj", start))]
        self.previous_xref = last_xref(self.data)
        self.page_number = int(found(rb"/Kids \[ (\d+) 0 R", self.data))  # (one page tree node)
        start = self.data.index(b"\n%d 0 obj\n" % self.page_number) + 1
        page = self.data[self.data.index(b"<<", start):self.data.index(b"\nendobj", start)]
        self.contents = found(rb"/Contents (\d+ 0 R)", page)
        self.page = page

    def update(self, operators: str, copy: dict[str, str]) -> bytes:
        """What follows the master's bytes in a copy with `operators` (drawn with the master's
        fonts) over its page 1 and `copy` (份号, 收件单位: see COPY_KEYS) in its information:
        the copy is `data + update(…)`."""
        wrap, drawing, info = self.size, self.size + 1, self.size + 2
        page = self.page.replace(b"/Contents " + self.contents,
                                 b"/Contents [ %d 0 R %s %d 0 R ]" % (wrap, self.contents, drawing), 1)
        stream = zlib.compress(f"Q\n{operators}\n".encode("ascii"))
        objects = [(self.page_number, page),
                   (wrap, b"<< /Length 1 >>\nstream\nq\nendstream"),
                   (drawing, b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)),
                   (info, self.info + b"".join(b" /%s <%s>" % (COPY_KEYS[key], _text(value).hex().encode())
                                               for key, value in copy.items()) + b" >>")]
        out = bytearray()
        offsets = {}
        for number, body in objects:
            offsets[number] = len(self.data) + len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(self.data) + len(out)
        out += b"xref\n0 1\n0000000000 65535 f\r\n"  # readers (pypdf) expect the free-list head
        out += b"%d 1\n%010d 00000 n\r\n" % (self.page_number, offsets[self.page_number])
        out += b"%d 3\n" % wrap + b"".join(b"%010d 00000 n\r\n" % offsets[n] for n in (wrap, drawing, info))
        copy_id = hashlib.md5(bytes(out)).hexdigest().encode()  # (the copy's own objects: its stamp and names)
        out += b"trailer\n<< /Size %d /Root %s /Info %d 0 R /ID [<%s><%s>] /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            self.size + 3, self.root, info, self.first_id, copy_id, self.previous_xref, xref)
        return bytes(out)


def _text(value: str) -> bytes:
    """A PDF text string's bytes: UTF-16BE with its byte order mark."""
    return b"\xfe\xff" + value.encode("utf-16-be")
