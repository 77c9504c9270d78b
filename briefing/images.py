"""Images from the content (the seal) are opened and fully decoded before use.

A file that is not an image, is cut short, or is so large that decoding it would cost
seconds and gigabytes is refused at validation, so `check` and `build` agree.
"""
from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 4000 * 4000  # a 42 mm seal needs ~1000 px at 600 dpi; Pillow's own limit is 89 MP


def image_problem(path: Path) -> str | None:
    """Why the image cannot be used, or None when it decodes whole within the limits."""
    if path.stat().st_size > MAX_IMAGE_BYTES:
        return f"图片文件太大（上限 {MAX_IMAGE_BYTES // 1024 // 1024} MB）"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return f"图片太大（{width}×{height} 像素，上限 {MAX_IMAGE_PIXELS // 1_000_000} 百万像素）"
                if image.format not in ("PNG", "JPEG"):
                    return f"图片格式是 {image.format}，只支持 PNG 和 JPEG"
                image.load()  # decodes every pixel: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # Pillow's own limit, far above ours
        return f"图片太大（超过 {MAX_IMAGE_PIXELS // 1_000_000} 百万像素的上限）"
    except (OSError, ValueError, SyntaxError):
        return "文件不是完整的 PNG 或 JPEG 图片（可能已损坏或只下载了一部分）"
    return None


def pixel_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels of an image checked whole at validation."""
    with Image.open(path) as image:
        return image.size
