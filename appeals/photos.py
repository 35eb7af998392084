"""Photos attached to appeals: only real images, within size limits, re-encoded so that location (EXIF GPS) and
every other piece of metadata is gone before the file is stored."""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from appeals import errors

MAX_PHOTOS = 9
MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 8000
# Pixels, read from the file's header before anything is decoded: a small file can claim a huge picture (a
# decompression bomb) and decoding it would take gigabytes. 40 million is a 48-megapixel phone's photo at most.
MAX_PIXELS = 40_000_000
STORED_SIDE = 2560  # large enough to read a payslip, small enough for a phone upload later
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}


def clean_photo(upload, *, index: int = 1):
    """A new JPEG file without metadata, made from ``upload``; ``DomainError`` when it is not an acceptable image."""
    label = _("第 %(n)d 张照片") % {"n": index}
    if upload.size > MAX_BYTES:
        raise errors.PHOTO_TOO_LARGE(l=label, field="photos")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            # Format and size come from the header: refused here, nothing has been decoded.
            if probe.format not in ACCEPTED_FORMATS:
                raise errors.PHOTO_FORMAT(l=label, field="photos")
            width, height = probe.size
            if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
                raise errors.PHOTO_TOO_LARGE(message=_("%(l)s：尺寸过大") % {"l": label}, field="photos")
            probe.verify()  # a renamed PDF or a truncated file fails here
        image = Image.open(io.BytesIO(data))
        image = ImageOps.exif_transpose(image)  # keep it upright once the orientation tag is gone
        image = image.convert("RGB")
        image.thumbnail((STORED_SIDE, STORED_SIDE))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise errors.PHOTO_NOT_IMAGE(l=label, field="photos") from None
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)  # no exif= argument: nothing carried over
    size = out.tell()
    out.seek(0)
    return InMemoryUploadedFile(out, "photos", f"photo-{index}.jpg", "image/jpeg", size, None), image.size


def photo_response(photo) -> FileResponse:
    """The stored JPEG, private to whoever was allowed to reach it."""
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
