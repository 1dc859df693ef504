"""National Grid to latitude and longitude, and distances, against published values."""

from __future__ import annotations

import pytest

from school_improvement.core.geo import bng_to_latlon, distance_km


def test_the_ordnance_surveys_worked_example():
    # OS "A guide to coordinate systems in Great Britain", annex C: the point
    # E 651409.903, N 313177.270 is 52°39'27.2531"N, 1°43'4.5177"E (OSGB36).
    lat, lon = bng_to_latlon(651409.903, 313177.270)

    assert lat == pytest.approx(52 + 39 / 60 + 27.2531 / 3600, abs=1e-7)
    assert lon == pytest.approx(1 + 43 / 60 + 4.5177 / 3600, abs=1e-7)


def test_the_grids_central_meridian_is_2_degrees_west():
    # easting 400 000 lies on the projection's central meridian, 2°W
    lat, lon = bng_to_latlon(400_000, 200_000)

    assert lon == pytest.approx(-2.0, abs=1e-9)
    assert 51.6 < lat < 51.8  # 300 km north of the false origin at 49°N


def test_a_point_off_the_grid_is_refused():
    with pytest.raises(ValueError, match="not on the National Grid"):
        bng_to_latlon(800_000, 10)


def test_london_to_cambridge_is_about_80_km():
    assert distance_km((51.5074, -0.1278), (52.2053, 0.1218)) == pytest.approx(
        79.5, abs=0.5
    )
    assert distance_km((52.0, -1.0), (52.0, -1.0)) == 0
