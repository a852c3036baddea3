"""Union-find (disjoint sets) over the integers ``0 .. n-1``: connected components of documents or passages."""

from __future__ import annotations


class UnionFind:
    """Disjoint sets with path halving; the root of a set is its smallest member."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        """The root (smallest member) of the set holding ``x``."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        """Join the sets holding ``x`` and ``y``."""
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)

    def components(self) -> dict[int, list[int]]:
        """Every set as root → members in increasing order (roots in increasing order too)."""
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out
