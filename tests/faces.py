"""A face restored from a cache, compared with the same face as ReportLab parses it."""
from reportlab.pdfbase.ttfonts import TTFontFace

_UNCOMPARED = ("_pdfScale", "_pos", "_ttf_data", "charWidths")  # a function; the parser's position; read lazily; below


def assert_parsed_alike(restored: TTFontFace, fresh: TTFontFace) -> None:
    """Every field alike; of the widths only those that are not the default width are kept, and
    every character measures as parsed."""
    for key, value in vars(fresh).items():
        if key not in _UNCOMPARED:
            assert getattr(restored, key) == value, key
    assert fresh.defaultWidth not in restored.charWidths.values()
    assert restored.charWidths.items() <= fresh.charWidths.items()
    assert {char: restored.getCharWidth(char) for char in fresh.charWidths} == fresh.charWidths
