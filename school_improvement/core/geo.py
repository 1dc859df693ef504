"""Coordinates: GIAS gives each school's British National Grid easting and northing;
allocation measures straight-line distances between latitudes and longitudes.

``bng_to_latlon`` is the inverse transverse Mercator projection of the Ordnance
Survey (OSGB36 datum, Airy 1830 ellipsoid). It does not shift to WGS84 (a Helmert
transformation), so a point is out by up to about 120 m: nothing at the scale of a
journey between schools.
"""

from __future__ import annotations

import math

# Airy 1830 ellipsoid and the National Grid's projection constants (OS, "A guide to
# coordinate systems in Great Britain", annex C).
_A, _B = 6_377_563.396, 6_356_256.909
_F0 = 0.9996012717
_LAT0, _LON0 = math.radians(49.0), math.radians(-2.0)
_N0, _E0 = -100_000.0, 400_000.0
_E2 = 1 - (_B * _B) / (_A * _A)
_N = (_A - _B) / (_A + _B)
EARTH_RADIUS_KM = 6371.0088


def _meridional_arc(lat: float) -> float:
    n, n2, n3 = _N, _N * _N, _N**3
    d, s = lat - _LAT0, lat + _LAT0
    return (
        _B
        * _F0
        * (
            (1 + n + 1.25 * n2 + 1.25 * n3) * d
            - (3 * n + 3 * n2 + 2.625 * n3) * math.sin(d) * math.cos(s)
            + (1.875 * n2 + 1.875 * n3) * math.sin(2 * d) * math.cos(2 * s)
            - (35 / 24) * n3 * math.sin(3 * d) * math.cos(3 * s)
        )
    )


def bng_to_latlon(easting: float, northing: float) -> tuple[float, float]:
    """(latitude, longitude) in degrees of a National Grid easting and northing
    (metres). Raises ValueError for a point outside the grid's range."""
    if not (0 <= easting <= 700_000 and 0 <= northing <= 1_300_000):
        raise ValueError(
            f"easting {easting} and northing {northing} are not on the National Grid"
        )
    lat = _LAT0
    m = 0.0
    while True:
        lat = (northing - _N0 - m) / (_A * _F0) + lat
        m = _meridional_arc(lat)
        if abs(northing - _N0 - m) < 0.00001:
            break
    sin_lat, cos_lat, tan_lat = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = _A * _F0 / math.sqrt(1 - _E2 * sin_lat * sin_lat)
    rho = _A * _F0 * (1 - _E2) / (1 - _E2 * sin_lat * sin_lat) ** 1.5
    eta2 = nu / rho - 1
    t2, t4 = tan_lat**2, tan_lat**4
    vii = tan_lat / (2 * rho * nu)
    viii = tan_lat / (24 * rho * nu**3) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2)
    ix = tan_lat / (720 * rho * nu**5) * (61 + 90 * t2 + 45 * t4)
    x = 1 / (cos_lat * nu)
    xi = 1 / (cos_lat * 6 * nu**3) * (nu / rho + 2 * t2)
    xii = 1 / (cos_lat * 120 * nu**5) * (5 + 28 * t2 + 24 * t4)
    xiia = 1 / (cos_lat * 5040 * nu**7) * (61 + 662 * t2 + 1320 * t4 + 720 * tan_lat**6)
    de = easting - _E0
    latitude = lat - vii * de**2 + viii * de**4 - ix * de**6
    longitude = _LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return math.degrees(latitude), math.degrees(longitude)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
