"""Pack the PDF ReportLab wrote into object streams (PDF 1.5, ISO 32000-1 §7.5.7–7.5.8).

ReportLab writes every object uncompressed and a plain cross-reference table: a long edition's
outline entries, page dictionaries and table take 170 kB of 1.4 MB. Here every object that is
not a stream goes, compressed, into object streams of up to 200 objects, and the
cross-reference table becomes a compressed cross-reference stream; streams (page contents,
fonts, pictures) are copied byte for byte. The input is one ReportLab has just written for us
(its classic table locates every object; see ourpdf).
"""
from __future__ import annotations

import re
import struct
import zlib

from .ourpdf import ForeignLayout, last_xref, trailer_entries

OBJECTS_PER_STREAM = 200
VERSION = b"%PDF-1.5"  # (object streams are PDF 1.5)


def versioned(data: bytes) -> bytes:
    """`data` headed as PDF 1.5, the version of every PDF we write: packed or not, a
    distribution's copies say the version the built edition says (same length: no offset moves)."""
    return re.sub(rb"^%PDF-1\.[0-4]", VERSION, data, count=1)


def pack(data: bytes) -> bytes:
    objects, trailer = _read(data)
    first_free = max(objects) + 1
    streams = {number: body for number, body in objects.items() if body.endswith(b"endstream")}
    packable = [number for number in sorted(objects) if number not in streams]
    header = data[:data.index(b"\n", data.index(b"\n") + 1) + 1]  # the version and the binary-marker comment
    out = bytearray(versioned(header))
    entries: dict[int, tuple[int, int, int]] = {0: (0, 0, 65535)}
    for number in sorted(streams):
        entries[number] = (1, len(out), 0)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, streams[number])
    for chunk_number, start in enumerate(range(0, len(packable), OBJECTS_PER_STREAM)):
        chunk = packable[start:start + OBJECTS_PER_STREAM]
        holder = first_free + chunk_number
        offsets, bodies, at = [], [], 0
        for index, number in enumerate(chunk):
            entries[number] = (2, holder, index)
            offsets.append(b"%d %d" % (number, at))
            bodies.append(objects[number])
            at += len(objects[number]) + 1
        head = b" ".join(offsets) + b"\n"
        content = zlib.compress(head + b"\n".join(bodies) + b"\n")
        entries[holder] = (1, len(out), 0)
        out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
            holder, len(chunk), len(head), len(content), content)
    xref_number = first_free + (len(packable) + OBJECTS_PER_STREAM - 1) // OBJECTS_PER_STREAM
    entries[xref_number] = (1, len(out), 0)
    table = zlib.compress(b"".join(struct.pack(">BIH", *entries[number]) for number in range(xref_number + 1)))
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 4 2 ] %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
        xref_number, xref_number + 1, trailer, len(table), table)
    out += b"startxref\n%d\n%%%%EOF\n" % entries[xref_number][1]
    return bytes(out)


def _read(data: bytes) -> tuple[dict[int, bytes], bytes]:
    """Each object's body by number (from the classic cross-reference table), and the trailer's
    /Root, /Info and /ID."""
    start = last_xref(data)
    section = re.match(rb"xref\n0 (\d+)\n", data[start:start + 32])
    if section is None:
        raise ForeignLayout("no classic cross-reference table")
    count, table = int(section.group(1)), start + section.end()
    offsets = {}
    for number in range(1, count):
        entry = data[table + 20 * number:table + 20 * number + 20]
        if entry[17:18] != b"n":
            raise ForeignLayout(f"object {number} is not in use")
        offsets[number] = int(entry[:10])
    ends = sorted(offsets.values()) + [start]
    following = dict(zip(ends, ends[1:]))
    objects = {}
    for number, offset in offsets.items():
        whole = data[offset:following[offset]]
        opening = b"%d 0 obj\n" % number
        if not whole.startswith(opening) or not whole.endswith(b"\nendobj\n"):
            raise ForeignLayout(f"object {number} is not where the table says")
        objects[number] = whole[len(opening):-len(b"\nendobj\n")]
    return objects, trailer_entries(data[start:])
