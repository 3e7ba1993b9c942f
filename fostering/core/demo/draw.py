"""Weighted draws shared by the demo contributors."""

from __future__ import annotations

import numpy as np


def weighted(rng: np.random.Generator, table: dict, size: int) -> list:
    """``size`` keys of ``table`` drawn with its values as (unnormalised) weights."""
    keys = list(table)
    p = np.array(list(table.values()), dtype=float)
    return [keys[i] for i in rng.choice(len(keys), size=size, p=p / p.sum())]
