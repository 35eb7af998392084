"""Appeals for tests, taken in through the real service (``services.submit``), as the member site and the public
form submit them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from appeals import services


def jpeg(*, size=(64, 48)) -> SimpleUploadedFile:
    """A small JPEG photo, as a phone uploads it."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(out, format="JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def appeal(worker=None, **overrides):
    """An appeal about wages from ``worker`` (a member; or name and phone in ``overrides``), routed by the service."""
    fields = {
        "kind": "appeal",
        "category": "wages",
        "description": "公司已经两个月没有发工资了",
        "name": "",
        "phone": "",
        "member": worker,
    }
    fields.update(overrides)
    return services.submit(**fields)
