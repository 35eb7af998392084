"""The finder sorts by true great-circle distance (haversine) and filters by kind, amenity and open now."""

import math
from datetime import datetime, time

import pytest
from django.utils import timezone

from places import selectors
from places.selectors import haversine_m

from .factories import place


def test_haversine_known_distances():
    # Rosetta Code's haversine case: Nashville BNA (36.12, -86.67) – Los Angeles LAX (33.94, -118.40) is
    # 2887.2600 km with R = 6372.8 km, so 2887.2600 × 6371.0088 / 6372.8 km with the mean radius used here.
    assert haversine_m(36.12, -86.67, 33.94, -118.40) == pytest.approx(2_887_260.0 * 6371.0088 / 6372.8, abs=5)
    # One degree of latitude along a meridian: π·R/180 = 111.195 km with the mean radius.
    assert haversine_m(0, 0, 1, 0) == pytest.approx(111_195, abs=2)
    # Beijing (Tiananmen) – Shanghai (People's Square): about 1,067 km.
    assert haversine_m(39.9087, 116.3975, 31.2304, 121.4737) == pytest.approx(1_067_000, rel=0.005)
    assert haversine_m(29.8683, 121.5440, 29.8683, 121.5440) == 0


def test_nearest_sorts_by_true_distance_not_by_degrees(tree, users):
    """At latitude 60° a degree of longitude is half a degree of latitude: a place 0.9° east (≈ 50 km) is nearer
    than one 0.6° north (≈ 67 km), though farther in plain degrees; a sort on degrees would get this wrong."""
    here = (60.0, 25.0)
    north = place(tree.town_a, users.town, name="北边驿站", coordinates="60.6,25.0")
    east = place(tree.town_a, users.town, name="东边驿站", coordinates="60.0,25.9")
    near = place(tree.town_a, users.town, name="近处驿站", coordinates="60.01,25.01")
    found = selectors.nearest(*here)
    assert [f.place for f in found] == [near, east, north]
    assert found[1].distance_m == pytest.approx(haversine_m(60, 25, 60, 25.9))
    assert 49_000 < found[1].distance_m < 51_000 and 66_000 < found[2].distance_m < 68_000
    # Bearings for the schematic: east is 90°, north 0°.
    assert found[1].bearing == pytest.approx(89.6, abs=0.5) and found[2].bearing == pytest.approx(0, abs=0.01)


def test_filters_kind_amenity_open_now_and_excludes_closed(tree, users):
    a = place(tree.town_a, users.town, name="驿站甲", coordinates="29.87,121.54", amenities=["water", "microwave"])
    b = place(
        tree.town_a, users.town, name="书屋乙", kind="bookhouse", coordinates="29.871,121.541", amenities=["books"]
    )
    c = place(tree.town_a, users.town, name="驿站丙", coordinates="29.872,121.542", opening_hours="1-7 08:00-09:00")
    place(tree.town_a, users.town, name="撤销的驿站", coordinates="29.8701,121.5401", status="closed")
    assert [f.place for f in selectors.nearest(29.87, 121.54)] == [a, b, c]
    assert [f.place for f in selectors.nearest(29.87, 121.54, kind="station")] == [a, c]
    assert [f.place for f in selectors.nearest(29.87, 121.54, amenities=["microwave"])] == [a]
    noon = timezone.make_aware(datetime.combine(timezone.localdate(), time(12, 0)))
    assert c not in [f.place for f in selectors.nearest(29.87, 121.54, open_now=True, at=noon)]
    assert [f.place for f in selectors.nearest(29.87, 121.54, limit=1)] == [a]


def test_finder_page_and_api_without_login(client, tree, users):
    near = place(tree.town_a, users.town, name="近处驿站", coordinates="29.8700,121.5400")
    far = place(tree.town_b, users.district, name="远处驿站", coordinates="29.9000,121.6000")
    page = client.get("/m/places/", {"lat": "29.8701", "lng": "121.5401"})
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("近处驿站") < text.index("远处驿站") and "示意图" in text and "<svg" in text
    api = client.get("/api/v1/public/places/nearby", {"lat": 29.8701, "lng": 121.5401})
    assert api.status_code == 200
    assert [r["place"]["id"] for r in api.json()] == [near.pk, far.pk]
    assert api.json()[0]["distance_m"] < 20


def test_coordinates_pasted_in_either_order_and_refused_with_field(tree, users):
    from core.errors import ValidationFailed
    from places.services.register import parse_coordinates

    assert parse_coordinates("29.868336, 121.543990") == parse_coordinates("121.543990,29.868336")
    with pytest.raises(Exception) as exc:
        place(tree.town_a, users.town, coordinates="东湖路")
    assert exc.value.code == "invalid_coordinates"
    with pytest.raises(ValidationFailed) as exc:
        place(tree.town_a, users.town, opening_hours="1-5 08:00-18:00\n周末 全天")
    assert exc.value.code == "invalid_hours" and "第 2 行" in str(exc.value.message)


def test_prefilter_box_is_correct_by_radius_not_by_luck(tree, users):
    """The first box is ±2 km around the worker. A place 1.9 km north and 1.9 km east lies inside that box but
    2.69 km away; a place 2.05 km due north lies just outside it and is nearer. Taking the box's contents as the
    answer would list the corner one second; the finder keeps only what lies within the box's inscribed circle
    and widens the box until that is enough, so the true order comes out."""
    here = (29.87, 121.54)
    dlat = selectors.FIRST_RADIUS_M / selectors.METRES_PER_DEGREE  # the first box's half-height in degrees
    deg_n = 1 / selectors.METRES_PER_DEGREE  # one metre north, in degrees
    deg_e = deg_n / math.cos(math.radians(here[0]))
    near = place(tree.town_a, users.town, name="近处", coordinates=f"{here[0] + 100 * deg_n:.6f},{here[1]:.6f}")
    corner = place(
        tree.town_a,
        users.town,
        name="框内角上",
        coordinates=f"{here[0] + 1900 * deg_n:.6f},{here[1] + 1900 * deg_e:.6f}",
    )
    outside = place(tree.town_a, users.town, name="框外近处", coordinates=f"{here[0] + 2050 * deg_n:.6f},{here[1]:.6f}")
    assert float(outside.latitude) > here[0] + dlat > float(corner.latitude)  # the setting is what it claims
    d_corner = haversine_m(*here, float(corner.latitude), float(corner.longitude))
    d_outside = haversine_m(*here, float(outside.latitude), float(outside.longitude))
    assert d_outside < d_corner and d_corner > selectors.FIRST_RADIUS_M
    assert [f.place for f in selectors.nearest(*here, limit=2)] == [near, outside]
    assert [f.place for f in selectors.nearest(*here, limit=3)] == [near, outside, corner]
    # Pages follow the same order; the second page starts where the first ended.
    assert [f.place for f in selectors.nearest(*here, limit=1, offset=1)] == [outside]


def test_finder_reads_only_the_list_columns_in_a_few_queries(tree, users, client, django_assert_max_num_queries):
    for i in range(30):
        place(tree.town_a, users.town, name=f"驿站{i:02d}", coordinates=f"{29.87 + i * 0.002:.6f},121.54")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/m/places/", {"lat": "29.87", "lng": "121.54"})
    text = page.content.decode()
    assert text.index("驿站00") < text.index("驿站01") and "驿站20" not in text and "page=2" in text
    finder_sql = [q["sql"] for q in ctx.captured_queries if "places_place" in q["sql"]]
    # Widening boxes (≤ 5) and one load of the shown places; no query per place, no contact or org columns.
    assert len(finder_sql) <= 6
    assert not any("contact_phone" in sql or "orgs_org" in sql for sql in finder_sql)
    second = client.get("/m/places/", {"lat": "29.87", "lng": "121.54", "page": "2"}).content.decode()
    assert "驿站20" in second and "驿站19" not in second and ">21<" in second
    api = client.get("/api/v1/public/places/nearby", {"lat": 29.87, "lng": 121.54, "limit": 5, "offset": 5})
    assert [r["place"]["name"] for r in api.json()] == [f"驿站{i:02d}" for i in range(5, 10)]


def test_a_configured_tile_url_draws_tiles_under_the_schematic(tree, users, client, settings):
    """Without PLACES_TILE_URL no tile is ever asked for; with one, the tiles covering the worker are drawn and
    the worker's own tile is the one the slippy-map formula names (computed here independently)."""
    place(tree.town_a, users.town, name="近处驿站", coordinates="29.8700,121.5400")
    place(tree.town_a, users.town, name="远处驿站", coordinates="29.8800,121.5600")
    plain = client.get("/m/places/", {"lat": "29.8701", "lng": "121.5401"}).content.decode()
    assert "<image" not in plain and "tiles.example.org" not in plain
    settings.PLACES_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    page = client.get("/m/places/", {"lat": "29.8701", "lng": "121.5401"}).content.decode()
    found = selectors.nearest(29.8701, 121.5401)
    drawn = selectors.tile_map(29.8701, 121.5401, found, settings.PLACES_TILE_URL)
    z = drawn["zoom"]
    n = 2**z
    x = int((121.5401 + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(29.8701))) / math.pi) / 2 * n)
    assert f'href="https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert 10 <= z <= 18
    # Every shown place lies inside the picture, the nearest one next to the worker at the centre.
    assert all(0 <= p["x"] <= 300 and 0 <= p["y"] <= 300 for p in drawn["points"])
    assert abs(drawn["points"][0]["x"] - 150) < 3 and abs(drawn["points"][0]["y"] - 150) < 3
