"""Leaders nearest a place first, without measuring every pair.

At national scale (22,000 schools, 2,000 leaders) measuring all 44 million pairs in
pure Python takes longer than the whole time budget, yet a school is only ever
served from nearby. Leaders are bucketed in a grid of cells about 20 km across;
walking the rings of cells outward from a school and releasing a leader only once no
unseen cell could hold a nearer one yields leaders in exact order of distance, and
the walk usually stops after a ring or two.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Sequence

from .costs import haversine_km
from .model import Leader

CELL_DEG_LAT = 0.2  # about 22 km
KM_PER_DEG = 111.19


class NearIndex:
    """A grid over the leaders' home bases. Leaders with no known base come first
    from every walk (their travel is priced as 0 km)."""

    def __init__(self, leaders: Sequence[Leader]) -> None:
        self.leaders = list(leaders)
        self.unplaced = [
            i for i, lead in enumerate(self.leaders) if lead.location is None
        ]
        placed = [i for i, lead in enumerate(self.leaders) if lead.location is not None]
        self.cells: dict[tuple[int, int], list[int]] = {}
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
            self.cells.setdefault(self._cell(self.leaders[i].location), []).append(i)  # type: ignore[arg-type]
        rows = [c[0] for c in self.cells]
        cols = [c[1] for c in self.cells]
        self.bounds = (min(rows), max(rows), min(cols), max(cols))
        self.span = max(
            self.bounds[1] - self.bounds[0], self.bounds[3] - self.bounds[2]
        )

    def _cell(self, location: tuple[float, float]) -> tuple[int, int]:
        return (
            math.floor(location[0] / self.lat_step),
            math.floor(location[1] / self.lon_step),
        )

    def walk(
        self, location: tuple[float, float] | None
    ) -> Iterator[tuple[float | None, int]]:
        """(km, leader index) nearest first; km is None for an unknown place."""
        for i in self.unplaced:
            yield None, i
        if not self.cells:
            return
        if location is None:
            for cell in sorted(self.cells):
                for i in self.cells[cell]:
                    yield None, i
            return
        r0, c0 = self._cell(location)
        rmin, rmax, cmin, cmax = self.bounds
        # rings needed to cover every cell from here
        reach = max(abs(r0 - rmin), abs(r0 - rmax), abs(c0 - cmin), abs(c0 - cmax))
        heap: list[tuple[float, int]] = []
        for ring in range(reach + 1):
            for cell in _ring(r0, c0, ring):
                for i in self.cells.get(cell, ()):
                    heapq.heappush(
                        heap,
                        (haversine_km(location, self.leaders[i].location), i),  # type: ignore[arg-type]
                    )
            safe = ring * self.cell_km
            while heap and heap[0][0] <= safe:
                km, i = heapq.heappop(heap)
                yield km, i
        while heap:
            km, i = heapq.heappop(heap)
            yield km, i


def _ring(r0: int, c0: int, ring: int) -> Iterator[tuple[int, int]]:
    if ring == 0:
        yield r0, c0
        return
    for c in range(c0 - ring, c0 + ring + 1):
        yield r0 - ring, c
        yield r0 + ring, c
    for r in range(r0 - ring + 1, r0 + ring):
        yield r, c0 - ring
        yield r, c0 + ring
