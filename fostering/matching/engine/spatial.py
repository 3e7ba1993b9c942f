"""Finding households near a point fast: a cKDTree over occupied grid cells.

A cKDTree built directly on 45,000 households answers "who is within r of this point"
as a Python list of indices; for a 10–50 km radius in a city that is thousands of
Python ints per query, and converting them to an array cost more than scanning every
household with NumPy (measured: 3,300 households within 10 km of central London took
~400 µs through the tree, ~200 µs by brute force).

So the tree indexes *cells* instead: households are sorted by the 5 km grid cell they
fall in (each cell a contiguous run of that order) and the cKDTree holds the centre of
each occupied cell. A query asks the tree for the cells whose centre lies within
r + half the cell diagonal (every household within r of the point is in one of them,
by the triangle inequality), and turns those cells' runs into row numbers with one
vectorised "ragged arange". The result is a superset of the households within r (a
little more than the disc); callers then apply the exact distance test.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

CELL_M = 5_000.0


class SpatialIndex:
    """Rows of the households possibly within a radius of a point (see module docstring)."""

    def __init__(
        self,
        easting: NDArray[np.float64],
        northing: NDArray[np.float64],
        cell_m: float = CELL_M,
    ) -> None:
        located = np.flatnonzero(np.isfinite(easting) & np.isfinite(northing))
        cell_x = np.floor(easting[located] / cell_m).astype(np.int64)
        cell_y = np.floor(northing[located] / cell_m).astype(np.int64)
        key = (cell_y - cell_y.min(initial=0)) * (1 << 20) + (cell_x - cell_x.min(initial=0))
        order = np.argsort(key, kind="stable")
        self.rows: NDArray[np.intp] = located[order]
        _, starts, counts = np.unique(key[order], return_index=True, return_counts=True)
        self.starts: NDArray[np.intp] = starts
        self.counts: NDArray[np.intp] = counts
        first = starts
        centres = np.column_stack(
            [
                (cell_x[order][first] + 0.5) * cell_m,
                (cell_y[order][first] + 0.5) * cell_m,
            ]
        )
        self.tree = cKDTree(centres.reshape(-1, 2))
        self.reach = cell_m * math.sqrt(2) / 2

    def near(self, point: tuple[float, float], radius_m: float) -> NDArray[np.intp]:
        """Rows of every household within ``radius_m`` of ``point``, and a few beyond."""
        if self.starts.size == 0:
            return np.empty(0, dtype=np.intp)
        cells = self.tree.query_ball_point(point, (radius_m + self.reach) * (1 + 1e-9) + 1.0, return_sorted=False)
        if not cells:
            return np.empty(0, dtype=np.intp)
        cells = np.asarray(cells, dtype=np.intp)
        counts = self.counts[cells]
        ends = np.cumsum(counts)
        positions = np.arange(ends[-1]) + np.repeat(self.starts[cells] - (ends - counts), counts)
        return self.rows[positions]
