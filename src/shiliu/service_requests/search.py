"""Chinese full-text search over requests, the same on SQLite and PostgreSQL.

Most Chinese words have two characters, which trigram indexes (SQLite FTS5 `trigram`, pg_trgm)
cannot find. So the text is cut into character n-grams here, once, when it is written: every Han
character and every pair of neighbouring ones, plus whole words of other scripts, lowercased and
separated by spaces (`ServiceRequest.search_text`):

    tokens("小区停车难")  → ["小", "小区", "区", "区停", "停", "停车", "车", "车难", "难"]
    query_terms("停车")   → ["停车"]        (a word of n ≥ 2 characters: its n-1 pairs, all required,
                                            adjacent: "垃圾桶" is not found in "垃圾…圾桶")

The databases only split on spaces: PostgreSQL keeps a generated `tsvector` column
(`to_tsvector('simple', search_text)`) under a GIN index and ranks with `ts_rank`; SQLite keeps
an FTS5 table (`unicode61`) beside the requests, written by `index_write`, and ranks with `bm25`.
Both are created by migration 0022. A search page (`ranked`) ranks and counts only the newest
CANDIDATES matches, so a common word costs about what a rare one does. Phone numbers and other
long digit runs (ID and card numbers) never reach the index: a person's number is never
searchable by value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from shiliu.core import config
from shiliu.core.masking import mask_address, mask_phones_in_text

if TYPE_CHECKING:
    from shiliu.service_requests.models import ServiceRequest

FTS_TABLE = "service_requests_search"
REQUEST_TABLE = "service_requests_servicerequest"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_HAN}]+|[^\W{_HAN}_]+")
_HAN_RUN = re.compile(rf"[{_HAN}]+")
# Masked phones ("138****1234") and runs of six digits or more (ID, card and account numbers),
# with an ID number's final X.
_SECRET = re.compile(r"[0-9*]*\*[0-9*]*|(?<![0-9])[0-9]{6,}[xX]?(?![0-9])")
MAX_QUERY_TERMS = 24
# The matches a search ranks and counts at most: the newest ones (`ranked`).
CANDIDATES = 1000


def normalised(text: str) -> str:
    """Full-width forms folded (NFKC), lowercased, phone numbers and long digit runs removed."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _SECRET.sub(" ", mask_phones_in_text(text))


def tokens(text: str) -> list[str]:
    """Every Han character and neighbouring pair, and every other word, in order."""
    found: list[str] = []
    for run in _RUN.findall(normalised(text)):
        if _HAN_RUN.fullmatch(run):
            for i, char in enumerate(run):
                found.append(char)
                if i + 1 < len(run):
                    found.append(run[i : i + 2])
        else:
            found.append(run)
    return found


def query_terms(query: str) -> list[str]:
    """What a query must match, distinct, in order: a lone Han character itself, a longer Han
    word its pairs, other words whole."""
    terms: list[str] = []
    for run in _RUN.findall(normalised(query)):
        if _HAN_RUN.fullmatch(run) and len(run) > 1:
            terms.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            terms.append(run)
    return list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]


def document(request: ServiceRequest, place_names: Iterable[str] = ()) -> str:
    """The search text of a request: description, reply, reference, its place (the names of its
    units, from the city down, and the address cut to its road or community)."""
    parts = [request.description, request.reply, request.reference, *place_names,
             mask_address(request.address)]
    return " ".join(tokens(" ".join(part for part in parts if part)))


def place_names(request: ServiceRequest) -> list[str]:
    """The names, in every language, of the units the request arises in, from the city down:
    read from the cached configuration (the tree changes rarely), so intake queries no unit."""
    unit = request.jurisdiction
    ids = [int(part) for part in (unit.path or "").strip("/").split("/") if part]
    known = config.cached("service_requests.search_unit_names", _unit_names)
    return [name for pk in ids for name in known.get(pk, ())]


def _unit_names() -> dict[int, list[str]]:
    from shiliu.org.models import OrgUnit

    return {
        pk: [name, *(str(value) for value in (translations or {}).values())]
        for pk, name, translations in OrgUnit.objects.values_list("pk", "name", "name_translations")
    }


def index_write(pk: int, search_text: str, *, new: bool = False) -> None:
    """Keep SQLite's FTS table in step with `search_text` (PostgreSQL's column follows by itself).
    Called by the services and the workflow in the transaction that writes the text; a `new`
    request has no row to replace."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if not new:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [pk])  # noqa: S608
        cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (%s, %s)",  # noqa: S608
                       [pk, search_text])


def _words(query: str) -> list[list[str]]:
    """The query's words, each as the terms it must match in a row: a Han word of n ≥ 2
    characters its n-1 pairs (adjacent, as a phrase), a lone Han character itself, another word
    whole. At most MAX_QUERY_TERMS terms in all; the same terms as `query_terms`."""
    words: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    budget = MAX_QUERY_TERMS
    for run in _RUN.findall(normalised(query)):
        terms = ([run[i : i + 2] for i in range(len(run) - 1)]
                 if _HAN_RUN.fullmatch(run) and len(run) > 1 else [run])[:budget]
        if terms and tuple(terms) not in seen:
            seen.add(tuple(terms))
            words.append(terms)
            budget -= len(terms)
    return words


def _fts5_query(words: list[list[str]]) -> str:
    """Every word as an FTS5 phrase: a longer Han word's pairs with the characters between
    them, as they stand in the text ("垃圾桶" → "垃圾 圾 圾桶")."""
    phrases = []
    for terms in words:
        tokens_ = [terms[0]]
        for pair in terms[1:]:
            tokens_ += [pair[0], pair]
        phrases.append('"' + " ".join(tokens_).replace('"', '""') + '"')
    return " ".join(phrases)


def _tsquery(words: list[list[str]], *, phrase: bool = True) -> str:
    """The same as a `to_tsquery` text: a longer word's pairs two positions apart (a character
    stands between them in the text), or only all of them with `phrase=False`. Terms are
    letters and digits only, quoted all the same."""
    between = " <2> " if phrase else " & "
    return " & ".join("(" + between.join(f"'{term}'" for term in terms) + ")" for terms in words)


def matching(queryset: QuerySet[ServiceRequest], query: str, *, phrase: bool = True) -> QuerySet[ServiceRequest]:
    """The requests of `queryset` whose text holds every word of `query` (a longer word as a
    phrase; on PostgreSQL with `phrase=False` only all its pairs, which the GIN index answers
    without reading a row), unranked: see `ranked` for a page of them. A query with no
    searchable term matches nothing."""
    words = _words(query)
    if not words:
        return queryset.none()
    # Table and column names are constants; the query's words go only in as parameters.
    if connection.vendor == "postgresql":
        matches = RawSQL(f"{REQUEST_TABLE}.search_vector @@ to_tsquery('simple', %s)",  # noqa: S611
                         [_tsquery(words, phrase=phrase)], output_field=BooleanField())
        return queryset.filter(matches)
    # SQLite: the FTS table joins the requests by rowid.
    return queryset.extra(  # noqa: S610 - constant names; the query is a parameter
        tables=[FTS_TABLE], where=[f"{FTS_TABLE}.rowid = {REQUEST_TABLE}.id", f"{FTS_TABLE} MATCH %s"],
        params=[_fts5_query(words)])


@dataclass
class Found:
    """A page of a search, best first, each row's `search_rank` set; `count` the matches counted,
    at most CANDIDATES (`count_is_exact` False when more match)."""

    rows: list[ServiceRequest]
    count: int
    count_is_exact: bool

    def __iter__(self) -> Iterator[ServiceRequest]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def ranked(queryset: QuerySet[ServiceRequest], query: str, *, offset: int = 0,
           size: int = 50) -> Found:
    """The rows `offset` to `offset + size` of the matches of `query` in `queryset`, the best
    first (then the newest). Only the newest CANDIDATES matches are ranked and counted, so a
    common word costs little more than a rare one: the index finds the matches, their ids are
    cut to the newest CANDIDATES (no rank, no count over all of them), those are ranked
    (ts_rank / bm25), and only the page's rows are read whole."""
    words = _words(query)
    if not words:
        return Found(rows=[], count=0, count_is_exact=True)
    scores: dict[int, float]
    if connection.vendor == "postgresql":
        # The ids first, by the pairs alone (the GIN and scope bitmaps, no row read: a phrase
        # would be checked on every match, and PostgreSQL guesses too few of them to AND the
        # scope's bitmap first), then the phrase and ts_rank on those ids only.
        candidates = matching(queryset, query, phrase=False).order_by("-pk")
        ids = list(candidates.values_list("pk", flat=True)[: CANDIDATES + 1])
        exact = len(ids) <= CANDIDATES
        scores = _ts_ranks(ids[:CANDIDATES], words) if ids else {}
        ids = [pk for pk in ids[:CANDIDATES] if pk in scores]
    else:
        scores = _fts5_candidates(queryset, words)
        ids = list(scores)
        exact = len(ids) <= CANDIDATES
        ids = ids[:CANDIDATES]
    # Best first, then the newest (the highest id: requests are numbered as they arrive).
    order = sorted(ids, key=lambda pk: (-scores.get(pk, 0.0), -pk))[offset : offset + size]
    by_pk = {row.pk: row for row in queryset.order_by().filter(pk__in=order)} if order else {}
    page = []
    for pk in order:
        row = by_pk[pk]
        row.search_rank = float(scores.get(pk, 0.0))  # type: ignore[attr-defined]
        page.append(row)
    return Found(rows=page, count=len(ids), count_is_exact=exact)


def _fts5_candidates(queryset: QuerySet[ServiceRequest], words: list[list[str]]) -> dict[int, float]:
    """SQLite: the newest CANDIDATES + 1 matches in `queryset` and their bm25, newest first. FTS5
    walks its index from the newest rowid and keeps the rowids in the queryset's ids (read from
    the scope's indexes into one temporary index, no request row read): joined the other way,
    each match would read its request's row, text and all. `+rowid` keeps the ids out of FTS5's
    own lookup, which would search the index once per id."""
    scope, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
            f"AND +rowid IN ({scope}) ORDER BY rowid DESC LIMIT %s",
            [_fts5_query(words), *params, CANDIDATES + 1])
        return {pk: float(score) for pk, score in cursor.fetchall()}


def _ts_ranks(ids: list[int], words: list[list[str]]) -> dict[int, float]:
    """PostgreSQL's rank of each of `ids` that holds every word as a phrase (higher is better),
    computed for these rows only; the others left out."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ts_rank(search_vector, query) FROM "  # noqa: S608
            f"{REQUEST_TABLE}, to_tsquery('simple', %s) AS query "
            "WHERE id = ANY(%s) AND search_vector @@ query", [_tsquery(words), ids])
        return {pk: float(score) for pk, score in cursor.fetchall()}


def _marked_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words occur in `text` (case-insensitive), merged."""
    words = [w for w in _RUN.findall(unicodedata.normalize("NFKC", query or "").lower()) if w]
    lowered = text.lower()
    spans: list[tuple[int, int]] = []
    for word in words:
        start = lowered.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = lowered.find(word, start + len(word))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, query: str, *, width: int = 60) -> SafeString:
    """An escaped excerpt of `text` (phone numbers masked) around its first match, each match
    of the query's words in <mark>."""
    text = mask_phones_in_text(text or "")
    spans = _marked_spans(text, query)
    begin = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(text), begin + width)
    pieces = ["…" if begin else ""]
    cursor = begin
    for start, stop in spans:
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:stop])}</mark>")
        cursor = stop
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above
