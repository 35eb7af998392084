"""A photo claiming more pixels than ``MAX_PIXELS`` is refused from its header, before any pixel is decoded (issue 13,
"input limits"): a small file can describe a picture that takes gigabytes to decode."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from appeals import photos
from core.errors import DomainError


def png(width, height) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, format="PNG")
    return SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png")


def test_too_many_pixels_are_refused_before_decoding(monkeypatch):
    upload = png(7000, 7000)  # 49 million pixels, each side under MAX_SIDE; a few kilobytes on disk
    assert upload.size < 200_000 and 7000 < photos.MAX_SIDE and 7000 * 7000 > photos.MAX_PIXELS

    def no_decoding(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(DomainError) as refused:
        photos.clean_photo(upload, index=2)
    assert (refused.value.code, refused.value.field) == ("photo_too_large", "photos")
    assert "第 2 张照片" in str(refused.value.message)


def test_a_photo_under_the_limit_is_kept():
    cleaned, size = photos.clean_photo(png(3000, 2000))
    assert size[0] == photos.STORED_SIDE and abs(size[1] - photos.STORED_SIDE * 2000 / 3000) < 1
