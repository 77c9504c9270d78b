"""The parts of an Office Open XML package (ECMA-376) and their deterministic zip.

Only what a WordprocessingML document needs: content types, relationships, embedded
fonts (obfuscated as Part 1 §17.8.1 prescribes) and media. Every part is written in the
same order with the same timestamp, so a package's bytes depend on its content alone.
"""
from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
DEFAULT_TYPES = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                 "xml": "application/xml", "png": "image/png", "jpeg": "image/jpeg",
                 "odttf": OBFUSCATED_FONT}
# A fixed moment for every entry (the zip format cannot say "no time").
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def text(value: str) -> str:
    """Character data, escaped."""
    return escape(value)


def attr(value: str | int | float) -> str:
    """An attribute value, quoted and escaped."""
    return quoteattr(str(value))


@dataclass
class Relationships:
    """The relationships of one part, numbered in the order they are added."""

    items: list[tuple[str, str, str]] = field(default_factory=list)  # (id, type, target)

    def add(self, kind: str, target: str) -> str:
        rid = f"rId{len(self.items) + 1}"
        self.items.append((rid, kind if kind.startswith("http") else f"{REL}/{kind}", target))
        return rid

    def xml(self) -> str:
        rows = "".join(f"<Relationship Id={attr(rid)} Type={attr(kind)} Target={attr(target)}/>"
                       for rid, kind, target in self.items)
        return f'{HEADER}<Relationships xmlns="{RELATIONSHIPS}">{rows}</Relationships>'


@dataclass
class Package:
    """Parts by name with their content types; written as one zip."""

    parts: dict[str, bytes] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)  # part name -> content type

    def add(self, name: str, data: str | bytes, content_type: str | None = None) -> None:
        self.parts[name] = data.encode("utf-8") if isinstance(data, str) else data
        if content_type is not None:
            self.overrides[name] = content_type

    def content_types(self) -> str:
        defaults = "".join(f"<Default Extension={attr(ext)} ContentType={attr(kind)}/>"
                           for ext, kind in DEFAULT_TYPES.items())
        overrides = "".join(f"<Override PartName={attr('/' + name)} ContentType={attr(kind)}/>"
                            for name, kind in sorted(self.overrides.items()))
        return (f'{HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                f"{defaults}{overrides}</Types>")

    def write(self, target: Path | BinaryIO) -> None:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in [("[Content_Types].xml", self.content_types().encode("utf-8")),
                               *sorted(self.parts.items())]:
                entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, data)


def font_key(name: str, data: bytes) -> str:
    """A GUID for an embedded font, derived from its name and bytes (the same every build)."""
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"briefing:{name}:{len(data)}:{data[:64].hex()}")).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 Part 1 §17.8.1: the first 32 bytes XORed with the key's bytes, last to first."""
    key_bytes = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ key_bytes[i % 16] for i, byte in enumerate(data[:32]))
    return head + data[32:]
