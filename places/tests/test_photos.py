"""Photos of a place: uploaded on the console through the appeals' photo check (pixel limit read from the header,
metadata removed), shown on the place's phone page, gone with a revoked place."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.errors import DomainError
from places.models import PlacePhoto
from places.services import register

from .factories import place, png


def test_upload_on_console_shown_on_phone(tree, users, login, client):
    p = place(tree.town_a, users.town, name="东湖驿站")
    staff = login(users.town)
    r = staff.post(f"/console/places/{p.pk}/photos/", {"photos": [png(64, 48), png(30, 30)], "caption": "门口"})
    assert r.status_code == 302
    photos = list(PlacePhoto.objects.filter(place=p))
    assert len(photos) == 2 and photos[0].caption == "门口" and (photos[0].width, photos[0].height) == (64, 48)
    assert staff.get(f"/console/places/{p.pk}/").content.decode().count(f"/console/places/photos/{photos[0].pk}.jpg")
    page = client.get(f"/m/places/{p.pk}/").content.decode()
    assert f"/m/places/photos/{photos[0].pk}.jpg" in page and f"/m/places/photos/{photos[1].pk}.jpg" in page
    image = client.get(f"/m/places/photos/{photos[0].pk}.jpg")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(image.streaming_content))).format == "JPEG"  # re-encoded
    staff.post(f"/console/places/photos/{photos[1].pk}/delete/")
    assert list(PlacePhoto.objects.filter(place=p)) == [photos[0]]
    register.update_place(p, actor=users.town, status="closed")
    assert client.get(f"/m/places/photos/{photos[0].pk}.jpg").status_code == 404


def test_photo_limits_are_the_appeals_ones(tree, users, login):
    p = place(tree.town_a, users.town)
    with pytest.raises(DomainError) as refused:
        register.add_photos(p, actor=users.town, uploads=[png(7000, 7000, mode="1")])  # 49 Mpx > MAX_PIXELS
    assert refused.value.code == "photo_too_large"
    bogus = SimpleUploadedFile("x.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(DomainError) as refused:
        register.add_photos(p, actor=users.town, uploads=[bogus])
    assert refused.value.code == "photo_not_image"
    register.add_photos(p, actor=users.town, uploads=[png(10, 10) for _ in range(9)])
    with pytest.raises(DomainError) as refused:
        register.add_photos(p, actor=users.town, uploads=[png(10, 10)])
    assert refused.value.code == "place_too_many_photos" and PlacePhoto.objects.filter(place=p).count() == 9
    # Only who manages the place may add photos; the page tells the refusal.
    with pytest.raises(DomainError):
        register.add_photos(p, actor=users.union_b, uploads=[png(10, 10)])
    r = login(users.town).post(f"/console/places/{p.pk}/photos/", {"photos": [png(10, 10)]}, follow=True)
    assert "最多 9 张" in r.content.decode()
