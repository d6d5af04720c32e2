"""The bench's baseline: hot-issue clustering as it was before leaders (every similar pair in a
block and its next cells found by sparse products of a refitted TF-IDF, then connected
components), kept only to be timed and scored beside `shiliu.insights.clustering` in one run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from shiliu.insights.clustering import Cluster, Item, clusters_of_edges

SIMILARITY = 0.45
MAX_KM = 2.0
TEXT_CHARS = 160  # the opening says what a request is about; the rest costs time, not precision
COMMON_FROM = 200
_CHUNK = 2_000
_KM_PER_DEGREE = 111.0


def _block_of(item: Item) -> Hashable:
    if item.latitude is not None and item.longitude is not None:
        # A cell of about 2 km: a point says more than the street it was filed under.
        return ("cell", round(item.latitude * 50), round(item.longitude * 50))
    return ("area", item.area)


def _neighbour_blocks(block: Hashable) -> list[Hashable]:
    if not isinstance(block, tuple) or block[0] != "cell":
        return []
    _kind, row, col = block
    # The four cells after this one (right, and the row below): each neighbouring pair once.
    return [("cell", row + dr, col + dc) for dr, dc in ((0, 1), (1, -1), (1, 0), (1, 1))]


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
    points = np.array([(i.latitude, i.longitude) if i.latitude is not None and i.longitude is not None
                       else (np.nan, np.nan) for i in items], dtype=np.float64)
    blocks: dict[Hashable, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        blocks[_block_of(item)].append(index)
    links = np.zeros(len(items), dtype=np.int64)
    edges: list[tuple[np.ndarray, np.ndarray]] = []
    for block, members in blocks.items():
        others = [i for near in _neighbour_blocks(block) for i in blocks.get(near, [])]
        _join(matrix, points, members, others, similarity, max_km, edges, links)
    if not edges:
        return []
    return clusters_of_edges(items, edges, links, min_size=min_size)


def _join(matrix: sparse.csr_matrix, points: np.ndarray, members: list[int], others: list[int],
          similarity: float, max_km: float, edges: list[tuple[np.ndarray, np.ndarray]],
          links: np.ndarray) -> None:
    """The similar pairs among `members`, and between them and `others` (the next cells), kept
    as a star per connected group: as many edges as items, however dense the group."""
    columns = np.array(members + others)
    right = matrix[columns].T.tocsc()
    for start in range(0, len(members), _CHUNK):
        rows = np.array(members[start:start + _CHUNK])
        scores = (matrix[rows] @ right).tocoo()
        keep = scores.data >= similarity
        a, b = rows[scores.row[keep]], columns[scores.col[keep]]
        near = a != b
        pa, pb = points[a], points[b]
        located = ~np.isnan(pa[:, 0]) & ~np.isnan(pb[:, 0])
        if located.any():
            dy = (pa[:, 0] - pb[:, 0]) * _KM_PER_DEGREE
            dx = (pa[:, 1] - pb[:, 1]) * _KM_PER_DEGREE * np.cos(np.radians(np.nan_to_num(pa[:, 0])))
            near &= ~located | (np.hypot(dx, dy) <= max_km)
        a, b = a[near], b[near]
        if not len(a):
            continue
        links += np.bincount(a, minlength=len(links))
        nodes, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
        local = sparse.coo_matrix((np.ones(len(a), dtype=np.int8), (inverse[:len(a)], inverse[len(a):])),
                                  shape=(len(nodes),) * 2)
        _count, labels = connected_components(local, directed=False)
        _labels, first = np.unique(labels, return_index=True)
        edges.append((nodes[first][labels], nodes))
