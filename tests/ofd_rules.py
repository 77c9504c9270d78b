"""Structure rules for the OFD parts we write, from GB/T 33190-2016's clauses (section numbers
as in ../shared/reference/ofd.md), written here instead of checking against copied schemas.
`problems(parts)` lists every broken rule as "part: what"; an empty list means the package keeps
every rule below. Only the elements briefing emits are covered; an element we do not know is a
problem too, so a new kind of object cannot slip past unchecked."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from typing import Iterator

NS = "http://www.ofdspec.org/2016"
Q = f"{{{NS}}}"
NUMBER = r"-?\d+(?:\.\d+)?"
BOX = re.compile(rf"{NUMBER} {NUMBER} \d+(?:\.\d+)? \d+(?:\.\d+)?")  # ST_Box: x y w h, w and h not negative
PATH_OPERATORS = set("SMLQBAC")  # Table 36 (no Z: a reader takes it for a number)
OPERANDS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
DOCINFO_ORDER = ["DocID", "Title", "Author", "Subject", "Abstract", "CreationDate", "ModDate", "DocUsage", "Cover",
                 "Keywords", "Creator", "CreatorVersion", "CustomDatas"]
DOCUMENT_ORDER = ["CommonData", "Pages", "Outlines", "Permissions", "Actions", "VPreferences", "Bookmarks",
                  "Annotations", "CustomTags", "Attachments", "Extensions"]
PAGE_OBJECTS = {"TextObject", "PathObject", "ImageObject"}


def problems(parts: dict[str, bytes]) -> list[str]:
    found: list[str] = []
    trees = {}
    for name, data in parts.items():
        if name.endswith(".xml"):
            if not data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
                found.append(f"{name}: no XML declaration with UTF-8")
            if re.search(rb"<(?!ofd:|/ofd:|\?|gw:|/gw:)[A-Za-z]", data) and "Tags/CustomTag.xml" not in name:
                found.append(f"{name}: an element without the ofd: prefix (§7.1: readers look up 'ofd:' keys)")
            trees[name] = ElementTree.fromstring(data)
    if "OFD.xml" not in trees:
        return ["OFD.xml: missing at the package root (§6.1)"]
    found += _entry(trees["OFD.xml"], parts)
    ids: list[tuple[str, int]] = []
    for name, root in trees.items():
        for element in root.iter():
            if "ID" in element.attrib and _local(element) not in {"Page"} | PAGE_OBJECTS | {"Layer", "Font",
                                                                                          "ColorSpace", "MultiMedia"}:
                found.append(f"{name}: ID on an element we do not know ({_local(element)})")
            if "ID" in element.attrib:
                value = element.attrib["ID"]
                if not value.isdigit() or int(value) == 0:
                    found.append(f"{name}: ID {value!r} is not a positive integer (ST_ID)")
                else:
                    ids.append((name, int(value)))
    numbers = [value for _, value in ids]
    if len(numbers) != len(set(numbers)):
        found.append("IDs repeat across the document (ST_ID is unique in the document)")
    document = trees.get("Doc_0/Document.xml")
    if document is None:
        return found + ["Doc_0/Document.xml: missing"]
    found += _document(document, max(numbers, default=0))
    resources = {**_resources(trees.get("Doc_0/PublicRes.xml")), **_resources(trees.get("Doc_0/DocumentRes.xml"))}
    for name in ("Doc_0/PublicRes.xml", "Doc_0/DocumentRes.xml"):
        if name in trees:
            found += [f"{name}: {p}" for p in _res(trees[name], parts)]
    for page in document.iter(f"{Q}Page"):
        location = "Doc_0/" + page.attrib.get("BaseLoc", "")
        if location not in trees:
            found.append(f"Doc_0/Document.xml: page {page.attrib.get('ID')} points to {location}, not in the package")
            continue
        found += [f"{location}: {p}" for p in _page(trees[location], resources)]
    tags = document.find(f"{Q}CustomTags")
    if tags is not None:
        found += _custom_tags(trees, "Doc_0/" + (tags.text or ""), {value for _, value in ids})
    return found


def _local(element: ElementTree.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _order(element: ElementTree.Element, order: list[str], where: str) -> Iterator[str]:
    names = [_local(child) for child in element]
    unknown = [name for name in names if name not in order]
    if unknown:
        yield f"{where}: children we do not know: {unknown}"
    known = [order.index(name) for name in names if name in order]
    if known != sorted(known):
        yield f"{where}: children out of the standard's order: {names}"


def _entry(root: ElementTree.Element, parts: dict[str, bytes]) -> list[str]:
    found = []
    if root.tag != f"{Q}OFD":
        return [f"OFD.xml: root is {root.tag}, not ofd:OFD"]
    if root.attrib.get("Version") != "1.0" or root.attrib.get("DocType") != "OFD":
        found.append("OFD.xml: Version must be 1.0 and DocType OFD (Table 3)")
    info = root.find(f"{Q}DocBody/{Q}DocInfo")
    if info is None:
        return found + ["OFD.xml: no DocBody/DocInfo"]
    found += [f"OFD.xml: {p}" for p in _order(info, DOCINFO_ORDER, "DocInfo")]
    doc_id = info.findtext(f"{Q}DocID") or ""
    if not re.fullmatch(r"[0-9a-f]{32}", doc_id):
        found.append(f"OFD.xml: DocID {doc_id!r} is not 32 hexadecimal digits")
    for tag in ("CreationDate", "ModDate"):
        value = info.findtext(f"{Q}{tag}")
        if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            found.append(f"OFD.xml: {tag} {value!r} is not an xs:date")
    for custom in info.iter(f"{Q}CustomData"):
        if not custom.attrib.get("Name"):
            found.append("OFD.xml: a CustomData without its Name")
    root_location = root.findtext(f"{Q}DocBody/{Q}DocRoot") or ""
    if root_location not in parts:
        found.append(f"OFD.xml: DocRoot {root_location!r} is not in the package")
    return found


def _document(document: ElementTree.Element, largest: int) -> list[str]:
    found = [f"Document.xml: {p}" for p in _order(document, DOCUMENT_ORDER, "Document")]
    maximum = document.findtext(f"{Q}CommonData/{Q}MaxUnitID")
    if maximum is None or not maximum.isdigit() or int(maximum) < largest:
        found.append(f"Document.xml: MaxUnitID {maximum} is below the largest ID {largest} (§7.5)")
    box = document.findtext(f"{Q}CommonData/{Q}PageArea/{Q}PhysicalBox")
    if box is None or not BOX.fullmatch(box):
        found.append(f"Document.xml: PageArea/PhysicalBox {box!r} is not a box")
    for page in document.iter(f"{Q}Page"):
        location = page.attrib.get("BaseLoc", "")
        if not location or location.startswith("/"):
            found.append(f"Document.xml: page BaseLoc {location!r} must be a relative path")
    for destination in document.iter(f"{Q}Dest"):
        if destination.attrib.get("Type") != "XYZ" or not destination.attrib.get("PageID", "").isdigit():
            found.append("Document.xml: an outline destination without Type XYZ and a PageID")
    return found


def _resources(root: ElementTree.Element | None) -> dict[str, str]:
    """Resource ID -> kind (Font, ColorSpace, MultiMedia)."""
    if root is None:
        return {}
    return {element.attrib["ID"]: _local(element) for element in root.iter()
            if _local(element) in {"Font", "ColorSpace", "MultiMedia"} and "ID" in element.attrib}


def _res(root: ElementTree.Element, parts: dict[str, bytes]) -> Iterator[str]:
    base = root.attrib.get("BaseLoc", "")
    if not base or base.startswith("/"):
        yield f"Res BaseLoc {base!r} must be a relative folder"
    for font in root.iter(f"{Q}Font"):
        if not font.attrib.get("FontName"):
            yield f"font {font.attrib.get('ID')} without FontName (CT_Font)"
        file = font.findtext(f"{Q}FontFile")
        if file is not None and f"Doc_0/{base}/{file}" not in parts:
            yield f"font file {file} is not in the package"
    for space in root.iter(f"{Q}ColorSpace"):
        if space.attrib.get("Type") not in {"GRAY", "RGB", "CMYK"}:
            yield f"colour space {space.attrib.get('ID')} of type {space.attrib.get('Type')!r}"
    for media in root.iter(f"{Q}MultiMedia"):
        file = media.findtext(f"{Q}MediaFile")
        if media.attrib.get("Type") != "Image" or file is None or f"Doc_0/{base}/{file}" not in parts:
            yield f"image {media.attrib.get('ID')} without its Type or file"


def _page(page: ElementTree.Element, resources: dict[str, str]) -> Iterator[str]:
    for layer in page.iter(f"{Q}Layer"):
        for item in layer:
            kind = _local(item)
            if kind not in PAGE_OBJECTS:
                yield f"a {kind} in a layer, not a page object we write"
                continue
            if not BOX.fullmatch(item.attrib.get("Boundary", "")):
                yield f"{kind} {item.attrib.get('ID')}: Boundary {item.attrib.get('Boundary')!r} is not a box"
            for colour in [*item.iter(f"{Q}FillColor"), *item.iter(f"{Q}StrokeColor")]:
                space = colour.attrib.get("ColorSpace")
                if space is not None and resources.get(space) != "ColorSpace":
                    yield f"{kind} {item.attrib.get('ID')}: colour space {space} is not declared"
            yield from {"TextObject": _text, "PathObject": _path, "ImageObject": _image}[kind](item, resources)


def _text(item: ElementTree.Element, resources: dict[str, str]) -> Iterator[str]:
    where = f"TextObject {item.attrib.get('ID')}"
    if resources.get(item.attrib.get("Font", "")) != "Font":
        yield f"{where}: Font {item.attrib.get('Font')!r} is not a declared font"
    if not re.fullmatch(NUMBER, item.attrib.get("Size", "")):
        yield f"{where}: no Size"
    yield from _order(item, ["FillColor", "StrokeColor", "CGTransform", "TextCode"], where)
    codes = item.findall(f"{Q}TextCode")
    if not codes:
        yield f"{where}: no TextCode"
    for code in codes:
        text = code.text or ""
        if "X" not in code.attrib or "Y" not in code.attrib:
            yield f"{where}: a TextCode without both X and Y"
        if " " in text or not text:
            yield f"{where}: TextCode {text!r} is empty or holds a space (Table 45)"
        if "DeltaX" in code.attrib and _count(code.attrib["DeltaX"]) != len(text) - 1:
            yield f"{where}: DeltaX has {_count(code.attrib['DeltaX'])} values for {len(text)} characters"


def _count(deltas: str) -> int:
    """Values in a DeltaX list, `g N v` counting N."""
    tokens, count, index = deltas.split(" "), 0, 0
    while index < len(tokens):
        if tokens[index] == "g":
            count += int(tokens[index + 1])
            index += 3
        else:
            count += 1
            index += 1
    return count


def _path(item: ElementTree.Element, resources: dict[str, str]) -> Iterator[str]:
    where = f"PathObject {item.attrib.get('ID')}"
    data = item.findtext(f"{Q}AbbreviatedData")
    if not data:
        yield f"{where}: no AbbreviatedData"
        return
    tokens = data.split(" ")
    index = 0
    while index < len(tokens):
        operator = tokens[index]
        if operator not in PATH_OPERATORS:
            yield f"{where}: {operator!r} where an operator should be (Table 36)"
            return
        operands = tokens[index + 1:index + 1 + OPERANDS[operator]]
        if len(operands) != OPERANDS[operator] or not all(re.fullmatch(NUMBER, o) for o in operands):
            yield f"{where}: operator {operator} without its {OPERANDS[operator]} numbers"
            return
        index += 1 + OPERANDS[operator]


def _image(item: ElementTree.Element, resources: dict[str, str]) -> Iterator[str]:
    if resources.get(item.attrib.get("ResourceID", "")) != "MultiMedia":
        yield f"ImageObject {item.attrib.get('ID')}: ResourceID is not an image resource"
    if len(item.attrib.get("CTM", "").split(" ")) != 6:
        yield f"ImageObject {item.attrib.get('ID')}: no CTM of six numbers"


def _custom_tags(trees: dict[str, ElementTree.Element], location: str, ids: set[int]) -> list[str]:
    index = trees.get(location)
    if index is None:
        return [f"Document.xml: CustomTags {location} is not in the package"]
    found = []
    folder = location.rsplit("/", 1)[0]
    for tag in index.iter(f"{Q}CustomTag"):
        if not tag.attrib.get("TypeID"):
            found.append(f"{location}: a CustomTag without TypeID (Table 63)")
        file = f"{folder}/{tag.findtext(f'{Q}FileLoc') or ''}"
        if file not in trees:
            found.append(f"{location}: tag file {file} is not in the package")
            continue
        for reference in trees[file].iter(f"{Q}ObjectRef"):
            if not reference.attrib.get("PageRef", "").isdigit() or int(reference.text or 0) not in ids:
                found.append(f"{file}: an ObjectRef to no object ({reference.text})")
    return found
