"""Storing uploaded photos safely.

Every upload is opened with Pillow (so only real images pass), checked for size and
pixel count (decompression bombs), turned upright from its EXIF orientation, resized to
at most HOME_PHOTO_MAX_PX on the longer side and re-encoded as a fresh JPEG, which drops
all metadata (camera GPS position included). It is written under MEDIA_ROOT/homes/ with a
random name; nothing links to it except the access-checked views in homes.views.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SOURCE_PIXELS = 50_000_000


def max_px() -> int:
    return int(getattr(settings, "HOME_PHOTO_MAX_PX", 1600))


def photo_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "homes"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(file_name: str) -> Path:
    # file_name is ours (random hex + .jpg), never user input; still refuse anything odd.
    if "/" in file_name or "\\" in file_name or file_name.startswith("."):
        raise ValueError("Bad photo file name")
    return photo_dir() / file_name


def reencode(data: bytes) -> tuple[bytes, int, int]:
    """Validate and re-encode an uploaded image; returns JPEG bytes, width, height."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError("The photo must be smaller than 10 MB")
    if not data:
        raise ValidationError("The selected file is empty")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError("The selected file must be a photo in JPG, PNG or WebP format")
    if fmt not in ALLOWED_FORMATS:
        raise ValidationError("The selected file must be a photo in JPG, PNG or WebP format")
    if width * height > MAX_SOURCE_PIXELS:
        raise ValidationError("The photo is too large: it must be under 50 megapixels")
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.seek(0)
            im = ImageOps.exif_transpose(im)
            im = im.convert("RGB")
            im.thumbnail((max_px(), max_px()), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            im.save(out, format="JPEG", quality=85, optimize=True)
            return out.getvalue(), im.width, im.height
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError("The selected file could not be read as a photo. Try another file")


def store(data: bytes) -> tuple[str, int, int]:
    """Re-encode and write under a random name; returns (file name, width, height)."""
    jpeg, width, height = reencode(data)
    name = f"{secrets.token_hex(16)}.jpg"
    path_of(name).write_bytes(jpeg)
    return name, width, height


def delete(file_name: str) -> None:
    try:
        path_of(file_name).unlink()
    except FileNotFoundError:
        pass
