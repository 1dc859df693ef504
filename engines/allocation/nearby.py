"""Leaders nearest a place first, without measuring every pair.

At national scale (22,000 schools, 2,000 leaders) measuring all 44 million pairs in
pure Python takes longer than the whole time budget, yet a school is only ever
served from nearby. Leaders are bucketed in a grid of cells about 20 km across;
walking the rings of cells outward from a school and releasing a leader only once no
unseen cell could hold a nearer one yields leaders in exact order of distance, and
the walk usually stops after a ring or two.

Leaders can be taken out of an index (``remove``) as their days run out, so that
first fit never walks past the ones who are full; once few are left, a walk simply
measures them all instead of searching empty rings.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Sequence

from .costs import EARTH_RADIUS_KM
from .model import Leader

CELL_DEG_LAT = 0.1  # about 11 km
KM_PER_DEG = 111.19
FEW = 48  # at most this many leaders left: measure them all


class NearIndex:
    """A grid over the leaders' home bases. Leaders with no known base come first
    from every walk (their travel is priced as 0 km)."""

    def __init__(self, leaders: Sequence[Leader]) -> None:
        self.leaders = list(leaders)
        self.unplaced = [
            i for i, lead in enumerate(self.leaders) if lead.location is None
        ]
        placed = [i for i, lead in enumerate(self.leaders) if lead.location is not None]
        self.placed = set(placed)
        # (lat, lon) in radians and cos(lat), computed once (as haversine_km does)
        self._rad: dict[int, tuple[float, float, float]] = {}
        self.cells: dict[tuple[int, int], list[int]] = {}
        self._cell_of: dict[int, tuple[int, int]] = {}
        if not placed:
            self.lat_step = self.lon_step = CELL_DEG_LAT
            self.cell_km = 1.0
            self.span = 0
            return
        lats = [self.leaders[i].location[0] for i in placed]  # type: ignore[index]
        worst_lat = min(89.0, max(abs(min(lats)), abs(max(lats))) + 2.0)
        cos = math.cos(math.radians(worst_lat))
        self.lat_step = CELL_DEG_LAT
        self.lon_step = CELL_DEG_LAT / max(cos, 0.05)
        # The nearest an unseen cell r rings out can be: r whole cells in any direction.
        self.cell_km = self.lat_step * KM_PER_DEG * 0.999
        for i in placed:
            loc = self.leaders[i].location
            assert loc is not None
            lat, lon = math.radians(loc[0]), math.radians(loc[1])
            self._rad[i] = (lat, lon, math.cos(lat))
            cell = self._cell(loc)
            self._cell_of[i] = cell
            self.cells.setdefault(cell, []).append(i)
        rows = [c[0] for c in self.cells]
        cols = [c[1] for c in self.cells]
        self.bounds = (min(rows), max(rows), min(cols), max(cols))
        self.span = max(
            self.bounds[1] - self.bounds[0], self.bounds[3] - self.bounds[2]
        )

    def __len__(self) -> int:
        return len(self.placed) + len(self.unplaced)

    def remove(self, i: int) -> None:
        """Leave leader ``i`` out of every later walk."""
        if i in self.placed:
            self.placed.discard(i)
            cell = self._cell_of[i]
            members = self.cells[cell]
            members.remove(i)
            if not members:
                del self.cells[cell]
        elif i in self.unplaced:
            self.unplaced.remove(i)

    def _cell(self, location: tuple[float, float]) -> tuple[int, int]:
        return (
            math.floor(location[0] / self.lat_step),
            math.floor(location[1] / self.lon_step),
        )

    def _km(self, lat: float, lon: float, cos_lat: float, i: int) -> float:
        # haversine_km, term for term, with the leader's half precomputed
        lat2, lon2, cos2 = self._rad[i]
        h = (
            math.sin((lat2 - lat) / 2) ** 2
            + cos_lat * cos2 * math.sin((lon2 - lon) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))

    def walk(
        self, location: tuple[float, float] | None
    ) -> Iterator[tuple[float | None, int]]:
        """(km, leader index) nearest first; km is None for an unknown place."""
        for i in list(self.unplaced):
            yield None, i
        if not self.cells:
            return
        if location is None:
            for cell in sorted(self.cells):
                for i in list(self.cells.get(cell, ())):
                    yield None, i
            return
        lat, lon = math.radians(location[0]), math.radians(location[1])
        cos_lat = math.cos(lat)
        if len(self.placed) <= FEW:
            near = sorted((self._km(lat, lon, cos_lat, i), i) for i in self.placed)
            yield from near
            return
        r0, c0 = self._cell(location)
        rmin, rmax, cmin, cmax = self.bounds
        # rings needed to cover every cell from here
        reach = max(abs(r0 - rmin), abs(r0 - rmax), abs(c0 - cmin), abs(c0 - cmax))
        heap: list[tuple[float, int]] = []
        cells = self.cells
        for ring in range(reach + 1):
            for cell in _ring(r0, c0, ring, self.bounds):
                for i in cells.get(cell, ()):
                    heapq.heappush(heap, (self._km(lat, lon, cos_lat, i), i))
            safe = ring * self.cell_km
            while heap and heap[0][0] <= safe:
                km, i = heapq.heappop(heap)
                yield km, i
        while heap:
            km, i = heapq.heappop(heap)
            yield km, i


def _ring(
    r0: int, c0: int, ring: int, bounds: tuple[int, int, int, int]
) -> Iterator[tuple[int, int]]:
    """The cells ``ring`` steps out from (r0, c0), leaving out those beyond the
    grid's bounds (which hold nobody)."""
    rmin, rmax, cmin, cmax = bounds
    if ring == 0:
        yield r0, c0
        return
    lo_c, hi_c = max(cmin, c0 - ring), min(cmax, c0 + ring)
    for r in (r0 - ring, r0 + ring):
        if rmin <= r <= rmax:
            for c in range(lo_c, hi_c + 1):
                yield r, c
    lo_r, hi_r = max(rmin, r0 - ring + 1), min(rmax, r0 + ring - 1)
    for c in (c0 - ring, c0 + ring):
        if cmin <= c <= cmax:
            for r in range(lo_r, hi_r + 1):
                yield r, c
