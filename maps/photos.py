"""A reporter's photo as we keep it: re-encoded without its metadata, under a random name.

Phones write where a photo was taken (GPS) and with what into EXIF; a reporter did not mean to send
that. Re-encoding through Pillow writes pixels only: Pillow saves EXIF only when asked to.
"""

from __future__ import annotations

import secrets
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps


def photo_cleaned(upload) -> ContentFile:
    """The upload as a new JPEG or PNG file with no metadata and a random name."""
    upload.seek(0)
    with Image.open(upload) as original:
        is_jpeg = original.format == "JPEG"
        # Turn the pixels the way the EXIF orientation says, since that tag goes with the rest.
        image = ImageOps.exif_transpose(original)
        image.info = {}
        if is_jpeg and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        if not is_jpeg and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        out = BytesIO()
        image.save(out, format="JPEG" if is_jpeg else "PNG")
    extension = "jpg" if is_jpeg else "png"
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(16)}.{extension}")
