"""Groups of similar requests near each other: the raw material of hot issues (热点诉求).

Pure functions over plain items, no Django. Texts become TF-IDF vectors of character bigrams
(Chinese needs no segmentation for them; a bigram in one text only is dropped), hashed and built
with numpy over all texts at once rather than by a fitted vectoriser. The bigrams in a fifth of
the texts are kept apart in a small dense matrix (`_Texts`): they still count, so a hot issue
that is a fifth of the requests is found, but they do not make every product dense.

Two requests are near when both have points within `max_km` of each other, or, when either lacks
a point, when they were filed under the same street. Items are blocked by place (a cell of about
2 km when the point is known, else the street), so only neighbours are compared, and a group of
many near-identical requests is not compared pair by pair:

1. In each block, in order, a request at least `ALIKE` similar to one of the block's leaders
   follows it; the others become leaders (a chunk's newcomers alike among themselves join the
   first of them). A thousand copies of one complaint cost a thousand comparisons with a
   handful of leaders, not half a million.
2. Every request is compared with the leaders of its block and of the blocks near it; pairs at
   least `similarity` alike and near are edges. The groups are the connected components of the
   graph of both steps' edges (each edge a true similar, near pair); the member with the most
   similar leaders, or the leader with the most similar members, is the group's representative.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.preprocessing import normalize

SIMILARITY = 0.45
ALIKE = 0.7  # a follower of a leader: the same request in a little other wording
MAX_KM = 2.0
TEXT_CHARS = 160  # the opening says what a request is about; the rest costs time, not precision
COMMON_FROM = 200  # texts from which a bigram in a fifth of them is common
_CHUNK = 2_000
_FIRST_CHUNK = 128  # a block's first requests: few, as they may all be alike
_BUCKET_BITS = 22  # 4.2 million hashed bigram columns: a collision is rare and costs little
_KM_PER_DEGREE = 111.0
_CELLS_PER_DEGREE = 50  # cells of 0.02°: about 2 km

Block = tuple[str, int, int]  # ("area", street, 0) or ("cell", row, column)


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


def vectors(texts: Sequence[str]) -> sparse.csr_matrix:
    """One l2-normalised row per text: sublinear TF-IDF of its character bigrams (lower case,
    whitespace collapsed, the first `TEXT_CHARS` characters), hashed into 2 ** `_BUCKET_BITS` columns."""
    cut = [" ".join(text[:2 * TEXT_CHARS].replace("\x00", " ").lower().split())[:TEXT_CHARS] for text in texts]
    # All texts as one array of code points, a NUL between two texts: a bigram is a pair of
    # neighbouring code points with no NUL in it, so the bigrams come out row after row.
    codes = np.frombuffer("\x00".join(cut).encode("utf-32-le"), dtype=np.uint32)
    real = (codes[:-1] != 0) & (codes[1:] != 0)
    grams = (codes[:-1][real].astype(np.uint64) << np.uint64(21)) | codes[1:][real]  # 21 bits a code point
    buckets = ((grams * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - _BUCKET_BITS)).astype(np.int32)
    used = np.bincount(buckets, minlength=1 << _BUCKET_BITS) > 0
    columns = (np.cumsum(used, dtype=np.int32) - 1)[buckets]  # only the buckets some text has
    per_text = np.maximum(np.fromiter(map(len, cut), dtype=np.int64, count=len(cut)) - 1, 0)
    matrix = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), columns, np.concatenate([[0], np.cumsum(per_text)])),
        shape=(len(cut), int(used.sum())))
    matrix.sum_duplicates()
    count = len(cut)
    documents = np.bincount(matrix.indices, minlength=matrix.shape[1])
    weight = np.where(documents >= 2, np.log((1 + count) / (1 + documents)) + 1, 0).astype(np.float32)
    matrix.data = (1 + np.log(matrix.data)) * weight[matrix.indices]
    matrix.eliminate_zeros()
    return normalize(matrix, copy=False)


class _Places:
    """Where the items are, and which pairs of them are near."""

    def __init__(self, items: Sequence[Item], max_km: float) -> None:
        self.max_km = max_km
        self.points = np.array([(i.latitude, i.longitude) if i.latitude is not None and i.longitude is not None
                                else (np.nan, np.nan) for i in items], dtype=np.float64)
        self.located = ~np.isnan(self.points[:, 0])
        codes: dict[Hashable, int] = {}
        self.areas = np.array([codes.setdefault(i.area, len(codes)) for i in items], dtype=np.int64)
        self.blocks: dict[Block, list[int]] = defaultdict(list)
        self.located_in: dict[int, list[int]] = defaultdict(list)  # street → its items with a point
        for index, (lat, lng) in enumerate(self.points.tolist()):
            if self.located[index]:
                block: Block = ("cell", round(lat * _CELLS_PER_DEGREE), round(lng * _CELLS_PER_DEGREE))
                self.located_in[int(self.areas[index])].append(index)
            else:
                block = ("area", int(self.areas[index]), 0)
            self.blocks[block].append(index)

    def near(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        both = self.located[a] & self.located[b]
        pa, pb = self.points[a], self.points[b]
        dy = (pa[:, 0] - pb[:, 0]) * _KM_PER_DEGREE
        dx = (pa[:, 1] - pb[:, 1]) * _KM_PER_DEGREE * np.cos(np.radians(np.nan_to_num(pa[:, 0])))
        with np.errstate(invalid="ignore"):
            close = np.hypot(dx, dy) <= self.max_km
        return np.asarray(np.where(both, close, self.areas[a] == self.areas[b]), dtype=bool)

    def neighbours(self, block: Block, leaders: dict[Block, np.ndarray], is_leader: np.ndarray) -> np.ndarray:
        """The leaders a block's members may be near: of the cells around a cell and of the
        streets its members were filed under without a point; of a street, its leaders, with a
        point or without."""
        none = np.empty(0, dtype=np.int64)
        if block[0] == "cell":
            _kind, row, col = block
            near: list[Block] = [("cell", row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
            near += [("area", street, 0) for street in np.unique(self.areas[self.blocks[block]]).tolist()]
            return np.concatenate([leaders.get(b, none) for b in near])
        located = np.array(self.located_in.get(block[1], []), dtype=np.int64)
        return np.concatenate([leaders.get(block, none), located[is_leader[located]]])


class _Texts:
    """The vectors split in two: a sparse matrix of the bigrams in at most a fifth of the texts
    and a dense one of the few common bigrams, so that a hot issue's own words still count when
    it is a fifth of the requests, while a sparse product stays sparse. A pair's common part is
    added only where it can matter: where the bound of its norms could lift the pair over the
    threshold, and, for texts mostly of common bigrams, between all of them."""

    def __init__(self, matrix: sparse.csr_matrix) -> None:
        common = np.zeros(matrix.shape[1], dtype=bool)
        if matrix.shape[0] >= COMMON_FROM:
            common = np.bincount(matrix.indices, minlength=matrix.shape[1]) > 0.2 * matrix.shape[0]
        self.rare = matrix[:, np.flatnonzero(~common)].tocsr()
        self.common = matrix[:, np.flatnonzero(common)].toarray()
        self.norms = np.sqrt(np.einsum("ij,ij->i", self.common, self.common))

    def alike(self, rows: np.ndarray, columns: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """The pairs of `rows` × `columns` at least `threshold` alike, as positions in each."""
        scores = (self.rare[rows] @ self.rare[columns].T).tocoo()
        row, col, score = scores.row, scores.col, scores.data
        if not self.common.shape[1]:
            keep = score >= threshold
            return row[keep], col[keep]
        unsure = (score < threshold) & (score + self.norms[rows[row]] * self.norms[columns[col]] >= threshold)
        score[unsure] += np.einsum("ij,ij->i", self.common[rows[row[unsure]]], self.common[columns[col[unsure]]])
        keep = score >= threshold
        row, col = row[keep], col[keep]
        wordy_rows = np.flatnonzero(self.norms[rows] >= threshold)  # only these may be alike in
        wordy_columns = np.flatnonzero(self.norms[columns] >= threshold)  # common bigrams alone
        if len(wordy_rows) and len(wordy_columns):
            found = np.nonzero(self.common[rows[wordy_rows]] @ self.common[columns[wordy_columns]].T >= threshold)
            pairs = np.unique(np.concatenate([row * len(columns) + col,
                                              wordy_rows[found[0]] * len(columns) + wordy_columns[found[1]]]))
            row, col = pairs // len(columns), pairs % len(columns)
        return row, col


def _similar(texts: _Texts, places: _Places, rows: np.ndarray, columns: np.ndarray,
             threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (row, column), as item indexes, at least `threshold` alike and near; not an item
    with itself."""
    found_a, found_b = [], []
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start:start + _CHUNK]
        for first in range(0, len(columns), 4 * _CHUNK):
            some = columns[first:first + 4 * _CHUNK]
            row, col = texts.alike(chunk, some, threshold)
            a, b = chunk[row], some[col]
            keep = a != b
            a, b = a[keep], b[keep]
            keep = places.near(a, b)
            found_a.append(a[keep])
            found_b.append(b[keep])
    if not found_a:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(found_a), np.concatenate(found_b)


def _leaders(texts: _Texts, places: _Places, members: np.ndarray, alike: float,
             edges: list[tuple[np.ndarray, np.ndarray]], links: np.ndarray) -> np.ndarray:
    """The block's leaders (`members` in index order); each follower's edges to the leaders it
    is alike go into `edges`. Chunks grow from `_FIRST_CHUNK`: the newcomers of a chunk are
    compared among themselves, and all of them may be alike."""
    leaders = np.empty(0, dtype=np.int64)
    start, size = 0, _FIRST_CHUNK
    while start < len(members):
        chunk = members[start:start + size]
        start, size = start + size, min(2 * size, _CHUNK)
        free = np.ones(len(chunk), dtype=bool)
        if len(leaders):
            a, b = _similar(texts, places, chunk, leaders, alike)
            edges.append((a, b))
            links += np.bincount(a, minlength=len(links)) + np.bincount(b, minlength=len(links))
            free[np.searchsorted(chunk, a)] = False
        newcomers = chunk[free]
        if not len(newcomers):
            continue
        a, b = _similar(texts, places, newcomers, newcomers, alike)
        links += np.bincount(a, minlength=len(links))
        position = np.searchsorted(newcomers, a), np.searchsorted(newcomers, b)
        local = sparse.coo_matrix((np.ones(len(a), dtype=np.int8), position), shape=(len(newcomers),) * 2)
        _count, labels = connected_components(local, directed=False)
        _labels, first = np.unique(labels, return_index=True)
        edges.append((newcomers, newcomers[first][labels]))
        leaders = np.concatenate([leaders, newcomers[first]])
    return leaders


def clusters(items: Sequence[Item], *, similarity: float = SIMILARITY, max_km: float = MAX_KM,
             min_size: int = 2) -> list[Cluster]:
    """Groups of at least `min_size` similar items near each other, largest first."""
    if len(items) < max(min_size, 2):
        return []
    texts = _Texts(vectors([item.text for item in items]))
    places = _Places(items, max_km)
    alike = max(ALIKE, similarity)
    edges: list[tuple[np.ndarray, np.ndarray]] = []
    links = np.zeros(len(items), dtype=np.int64)
    leaders = {block: _leaders(texts, places, np.array(members, dtype=np.int64), alike, edges, links)
               for block, members in places.blocks.items()}
    is_leader = np.zeros(len(items), dtype=bool)
    for own in leaders.values():
        is_leader[own] = True
    for block, own in leaders.items():
        a, b = _similar(texts, places, own, places.neighbours(block, leaders, is_leader), similarity)
        edges.append((a, b))
        links += np.bincount(a, minlength=len(items))  # a pair of leaders is met from both sides
    return clusters_of_edges(items, edges, links, min_size=min_size)


def clusters_of_edges(items: Sequence[Item], edges: list[tuple[np.ndarray, np.ndarray]], links: np.ndarray,
                      *, min_size: int) -> list[Cluster]:
    """The connected components of the similar pairs `edges` (index arrays), of `min_size` or
    more, biggest first; each one's representative is the request with the most links."""
    heads = np.concatenate([a for a, _b in edges])
    tails = np.concatenate([b for _a, b in edges])
    graph = sparse.coo_matrix((np.ones(len(heads), dtype=np.int8), (heads, tails)), shape=(len(items),) * 2)
    _count, labels = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = defaultdict(list)
    for found in np.flatnonzero(np.bincount(labels)[labels] >= min_size).tolist():
        groups[int(labels[found])].append(found)
    result = []
    for indexes in groups.values():
        best = max(indexes, key=lambda i: (links[i], -i))
        result.append(Cluster(keys=[items[i].key for i in indexes], representative=items[best].key,
                              links={items[i].key: int(links[i]) for i in indexes}))
    result.sort(key=lambda c: (-len(c.keys), min(c.keys)))
    return result
