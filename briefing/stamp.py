"""Stamp page 1 of a finished PDF by appending an incremental update (ISO 32000-1 §7.5.6).

The master's bytes are kept as they are; the update adds the stamp (a form XObject
made from a page of another PDF, with its fonts) and a new version of page 1 that
draws it over the original content. Written by hand because pypdf's incremental writer
re-reads and hashes every object of the master for each copy, which made fifty
copies cost several builds.
"""
from __future__ import annotations

import io

from pypdf import PageObject, PdfReader
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, EncodedStreamObject,
                           IndirectObject, NameObject, NumberObject, PdfObject, StreamObject)

STAMP_NAME = NameObject("/BriefingStamp")


class Master:
    """A PDF read once, to be stamped many times."""

    def __init__(self, data: bytes):
        reader = PdfReader(io.BytesIO(data))
        self.data = data if data.endswith(b"\n") else data + b"\n"
        size = reader.trailer["/Size"]
        assert isinstance(size, int)  # (pypdf's NumberObject)
        self.size = size
        self.trailer = {key: reader.trailer.raw_get(key) for key in ("/Root", "/Info", "/ID")
                        if key in reader.trailer}
        self.previous_xref = int(self.data[self.data.rindex(b"startxref") + 9:].split()[0])
        self.page = reader.pages[0]

    def stamp(self, source: PageObject) -> bytes:
        """The master with `source` (a page of another PDF) drawn over its page 1."""
        update = _Update(self.size)
        content, stamp_resources = source.get_contents(), source.raw_get("/Resources")
        assert content is not None and stamp_resources is not None  # a stamp page draws something
        form = _stream(content.get_data(), {
            "/Type": NameObject("/XObject"), "/Subtype": NameObject("/Form"), "/BBox": source.mediabox,
            "/Resources": update.copy(stamp_resources)})
        page = DictionaryObject(self.page)
        resources = DictionaryObject(_dictionary(self.page["/Resources"]))
        xobjects = DictionaryObject(_dictionary(resources.get("/XObject", DictionaryObject())))
        xobjects[STAMP_NAME] = update.add(form)
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        # Wrap the original content in q … Q so the stamp starts from a clean graphics state.
        contents = self.page.raw_get("/Contents")
        original = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([
            update.add(_stream(b"q\n")), *original, update.add(_stream(b"\nQ q /BriefingStamp Do Q\n"))])
        return update.write(self, page)


def _dictionary(obj: PdfObject) -> DictionaryObject:
    resolved = obj.get_object()
    assert isinstance(resolved, DictionaryObject)
    return resolved


def _stream(data: bytes, entries: dict | None = None) -> StreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in (entries or {}).items():
        stream[NameObject(key)] = value
    return stream


class _Update:
    """New objects numbered from the master's /Size on, and their serialisation."""

    def __init__(self, first: int):
        self.first = first
        self.objects: list[PdfObject | None] = []
        self.numbers: dict[int, int] = {}  # the stamp PDF's object number -> ours

    def add(self, obj: PdfObject | None) -> IndirectObject:
        self.objects.append(obj)
        return IndirectObject(self.first + len(self.objects) - 1, 0, None)

    def copy(self, obj: PdfObject) -> PdfObject:
        """Deep copy from the stamp PDF, renumbering its indirect objects into the update."""
        if isinstance(obj, IndirectObject):
            if obj.idnum not in self.numbers:
                reference = self.add(None)
                self.numbers[obj.idnum] = reference.idnum
                target = obj.get_object()
                assert target is not None  # (a reference within the stamp PDF)
                self.objects[reference.idnum - self.first] = self.copy(target)
            return IndirectObject(self.numbers[obj.idnum], 0, None)
        if isinstance(obj, StreamObject):
            stream = EncodedStreamObject()
            stream._data = obj._data  # still encoded, with its /Filter: copied as is
            for key, value in obj.items():
                stream[NameObject(key)] = self.copy(value)
            return stream
        if isinstance(obj, DictionaryObject):
            return DictionaryObject({NameObject(key): self.copy(value) for key, value in obj.items()})
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.copy(item) for item in obj)
        return obj

    def write(self, master: Master, page: DictionaryObject) -> bytes:
        out = io.BytesIO()
        out.write(master.data)
        offsets = {}
        assert master.page.indirect_reference is not None  # (a page read from a file)
        numbered: list[tuple[int, PdfObject | None]] = [(master.page.indirect_reference.idnum, page)]
        numbered += [(self.first + i, obj) for i, obj in enumerate(self.objects)]
        for number, obj in numbered:
            offsets[number] = out.tell()
            out.write(f"{number} 0 obj\n".encode())
            assert obj is not None  # every placeholder was filled by copy()
            obj.write_to_stream(out)
            out.write(b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 1\n0000000000 65535 f\r\n")  # readers (pypdf) expect the free-list head
        page_number = numbered[0][0]
        out.write(f"{page_number} 1\n{offsets[page_number]:010d} 00000 n\r\n".encode())
        out.write(f"{self.first} {len(self.objects)}\n".encode())
        out.write("".join(f"{offsets[self.first + i]:010d} 00000 n\r\n" for i in range(len(self.objects))).encode())
        trailer = DictionaryObject({NameObject(k): v for k, v in master.trailer.items()})
        trailer[NameObject("/Size")] = NumberObject(self.first + len(self.objects))
        trailer[NameObject("/Prev")] = NumberObject(master.previous_xref)
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
        return out.getvalue()
