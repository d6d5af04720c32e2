"""Groups of similar requests near each other: the raw material of hot issues (热点诉求).

Pure functions over plain items, no Django. Texts become TF-IDF vectors of character bigrams
(Chinese needs no segmentation for them; bigrams common to a fifth of the texts are dropped).
Items are blocked by place (a street, or a cell of about 1 km when the point is known), so only
neighbours are compared: within a block, a sparse product gives cosine similarities; pairs above
the threshold and, when both have points, within `max_km`, are joined by union-find. The most
connected member of a group is its representative.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

SIMILARITY = 0.45
MAX_KM = 2.0
TEXT_CHARS = 160  # the opening says what a request is about; the rest costs time, not precision
COMMON_FROM = 200
_CHUNK = 2_000
_KM_PER_DEGREE = 111.0


@dataclass(frozen=True)
class Item:
    key: int
    text: str
    area: Hashable  # the place block: e.g. the street's unit path
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class Cluster:
    keys: list[int]
    representative: int
    links: dict[int, int] = field(default_factory=dict)  # key → number of similar members


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = np.arange(size)

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return int(root)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _block_of(item: Item) -> Hashable:
    if item.latitude is not None and item.longitude is not None:
        # A cell of ~1 km, within the item's area, so blocks never merge two districts' points.
        return (item.area, round(item.latitude * 100), round(item.longitude * 100 * math.cos(
            math.radians(item.latitude))))
    return (item.area,)


def _neighbour_blocks(block: Hashable) -> list[Hashable]:
    if not isinstance(block, tuple) or len(block) != 3:
        return []
    area, row, col = block
    # The four cells after this one (right, and the row below): each neighbouring pair once.
    return [(area, row + dr, col + dc) for dr, dc in ((0, 1), (1, -1), (1, 0), (1, 1))]


def _km(a: Item, b: Item) -> float:
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    dy = (a.latitude - b.latitude) * _KM_PER_DEGREE
    dx = (a.longitude - b.longitude) * _KM_PER_DEGREE * math.cos(math.radians(a.latitude))
    return math.hypot(dx, dy)


def clusters(items: Sequence[Item], *, similarity: float = SIMILARITY, max_km: float = MAX_KM,
             min_size: int = 2) -> list[Cluster]:
    """Groups of at least `min_size` similar items, largest first."""
    if len(items) < max(min_size, 2):
        return []
    # Bigrams in a fifth of the texts say nothing; a handful of texts keep every bigram.
    vectoriser = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), min_df=2,
                                 max_df=0.2 if len(items) >= COMMON_FROM else 1.0,
                                 sublinear_tf=True, dtype=np.float32)
    try:
        matrix = vectoriser.fit_transform([item.text[:TEXT_CHARS] for item in items]).tocsr()
    except ValueError:  # no bigram occurs twice: nothing is similar
        return []
    blocks: dict[Hashable, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        blocks[_block_of(item)].append(index)
    found = _UnionFind(len(items))
    links = np.zeros(len(items), dtype=np.int32)
    for block, members in blocks.items():
        others = [i for near in _neighbour_blocks(block) for i in blocks.get(near, [])]
        _join(matrix, items, members, others, similarity, max_km, found, links)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(items)):
        groups[found.find(index)].append(index)
    result = []
    for indexes in groups.values():
        if len(indexes) < min_size:
            continue
        best = max(indexes, key=lambda i: (links[i], -i))
        result.append(Cluster(keys=[items[i].key for i in indexes], representative=items[best].key,
                              links={items[i].key: int(links[i]) for i in indexes}))
    result.sort(key=lambda c: (-len(c.keys), min(c.keys)))
    return result


def _join(matrix: sparse.csr_matrix, items: Sequence[Item], members: list[int], others: list[int],
          similarity: float, max_km: float, found: _UnionFind, links: np.ndarray) -> None:
    """Union the similar pairs among `members`, and between them and `others` (next cells)."""
    columns = members + others
    right = matrix[columns].T.tocsc()
    for start in range(0, len(members), _CHUNK):
        rows = members[start:start + _CHUNK]
        scores = (matrix[rows] @ right).tocoo()
        keep = scores.data >= similarity
        for r, c in zip(scores.row[keep], scores.col[keep], strict=True):
            a, b = rows[r], columns[c]
            if c < len(members) and b <= a:  # each pair within the block once
                continue
            if a == b:
                continue
            first, second = items[a], items[b]
            if (first.latitude is not None and second.latitude is not None
                    and _km(first, second) > max_km):
                continue
            links[a] += 1
            links[b] += 1
            found.union(a, b)
