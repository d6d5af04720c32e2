"""Chinese full-text search over requests, the same on SQLite and PostgreSQL.

Most Chinese words have two characters, which trigram indexes (SQLite FTS5 `trigram`, pg_trgm)
cannot find. So the text is cut into character pairs here, once, when it is written: every pair
of neighbouring Han characters and the last character of each run of them (so a lone character
is there too), plus whole words of other scripts, lowercased and separated by spaces:

    tokens("小区停车难")  → ["小区", "区停", "停车", "车难", "难"]
    query_terms("停车")   → ["停车"]        (a word of n ≥ 2 characters: its n-1 pairs, all required,
                                            adjacent: "垃圾桶" is not found in "垃圾…圾桶")

A single character is asked as a prefix: any pair it begins, or itself ending a run ("车" finds
"停车难" by "车难" and "停车" by "车"). Indexing every character alone as well doubled the text.

The place of a request (the units it arises in, from the city down) is not written out in every
language in every row: each unit is one token (`place_token`, a number of seven digits or more,
which no text can produce since long digit runs never reach the index), and a query word also
matches the units whose names hold it (`_words`, from the cached unit names). The units it is
assigned to or handled by are tokens too (`scope_token`): a reader's units are looked for in
the index, so a district's search reads no other district's rows.

Storage (`ServiceRequest.search_text`, a `SearchDocumentField`): on PostgreSQL the column is
itself the `tsvector` (`to_tsvector('simple', text)` on write, positions kept for phrases; read
back as the token text), under one GIN index with the request's id bucket (`id / BUCKET`,
btree_gin), so the newest matches are found inside the index, window by window, without
visiting older rows (`_pg_candidates`), and ranked by how often the words stand in the
description and reply (read from the row, no vector from TOAST). On SQLite it is the token
text, and an FTS5 table (`unicode61`) beside the requests, written by `index_write`, walked
newest first and ranked with `bm25`. Both are made by migrations 0022 and 0025. A search page
(`ranked`) ranks and counts only the newest CANDIDATES matches, so a common word costs about
what a rare one does. Phone numbers and other long digit runs (ID and card numbers) never reach
the index: a person's number is never searchable by value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, models, transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from shiliu.core import config
from shiliu.core.masking import mask_address, mask_phones_in_text
from shiliu.org.models import ids_on_path

if TYPE_CHECKING:
    from shiliu.service_requests.models import ServiceRequest

FTS_TABLE = "service_requests_search"
REQUEST_TABLE = "service_requests_servicerequest"
INDEX = "request_search"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_HAN}]+|[^\W{_HAN}_]+")
_HAN_RUN = re.compile(rf"[{_HAN}]+")
# Masked phones ("138****1234") and runs of six digits or more (ID, card and account numbers),
# with an ID number's final X.
_SECRET = re.compile(r"[0-9*]*\*[0-9*]*|(?<![0-9])[0-9]{6,}[xX]?(?![0-9])")
MAX_QUERY_TERMS = 24
# The matches a search ranks and counts at most: the newest ones (`ranked`).
CANDIDATES = 1000
# PostgreSQL: the id buckets of the search index (`id / BUCKET`), and the first window of them a
# search reads (the newest WINDOW buckets, then as many more as they say are needed, `ranked`).
BUCKET = 1024
WINDOW = 1
SMALL = 64
# The index (migration 0025), for bulk loads that build it once at the end.
INDEX_SQL = f"CREATE INDEX {INDEX} ON {REQUEST_TABLE} USING gin (search_text, (id / {BUCKET}))"
# A unit's token: its id plus this, seven digits or more, which no text yields (`_SECRET`).
PLACE_OFFSET = 1_000_000


def normalised(text: str) -> str:
    """Full-width forms folded (NFKC), lowercased, phone numbers and long digit runs removed."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _SECRET.sub(" ", mask_phones_in_text(text))


def tokens(text: str, *, characters: bool = False) -> list[str]:
    """Every pair of neighbouring Han characters and the last character of each run of them,
    and every other word, in order; with `characters`, every Han character alone as well (before
    its pair: the knowledge base's text, searched by substring)."""
    found: list[str] = []
    for run in _RUN.findall(normalised(text)):
        if not _HAN_RUN.fullmatch(run):
            found.append(run)
        elif characters:
            for i, char in enumerate(run):
                found.append(char)
                if i + 1 < len(run):
                    found.append(run[i : i + 2])
        else:
            found.extend(run[i : i + 2] for i in range(len(run) - 1))
            found.append(run[-1])
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


def place_token(unit_id: int) -> str:
    """The token of a unit the request arises in (or below): "1" and the id, seven digits or
    more. Long digit runs never come from a text (`_SECRET`), so no word is mistaken for it."""
    return "1" + str(unit_id).zfill(6)


def scope_token(unit_id: int) -> str:
    """The token of a unit the request is assigned to or handled by (or below), when it does not
    arise there: the reader's scope is looked for inside the index (`ranked`)."""
    return "2" + str(unit_id).zfill(6)


def document_of(*, description: str = "", reply: str = "", reference: str = "", address: str = "",
                place: Iterable[int] = (), scope: Iterable[int] = ()) -> str:
    """The search text of a request from its parts: description, reply, reference, the address
    cut to its road or community, the units it arises in (`place_token`) and the others it is
    assigned to or handled by (`scope_token`), each with the units above it."""
    parts = [description, reply, reference, mask_address(address)]
    words = tokens(" ".join(part for part in parts if part))
    place = list(dict.fromkeys(place))
    others = [unit for unit in dict.fromkeys(scope) if unit not in set(place)]
    return " ".join([*words, *map(place_token, place), *map(scope_token, others)])


def units_of(jurisdiction: int | None, others: Iterable[int | None],
             paths: dict[int, str]) -> tuple[list[int], list[int]]:
    """(the units a request arises in, the units above and at those it is assigned to or handled
    by), from the units' paths."""
    place = ids_on_path(paths.get(jurisdiction, "")) if jurisdiction else []
    scope = [unit for pk in others if pk for unit in ids_on_path(paths.get(pk, ""))]
    return place, scope


def document(request: ServiceRequest) -> str:
    """The search text of a request (`document_of`), its units' paths from the cached tree."""
    ids = [request.jurisdiction_id, request.assigned_unit_id, request.handling_jurisdiction_id]
    place, scope = units_of(ids[0], ids[1:], _unit_paths(ids))
    return document_of(description=request.description, reply=request.reply, reference=request.reference,
                       address=request.address, place=place, scope=scope)


def _unit_paths(ids: Iterable[int | None] = ()) -> dict[int, str]:
    """Every unit's path, from the cached configuration; `ids` read afresh if not there yet."""
    from shiliu.org.models import OrgUnit

    paths = config.cached("service_requests.search_unit_paths",
                          lambda: dict(OrgUnit.objects.values_list("pk", "path")))
    missing = [pk for pk in ids if pk and pk not in paths]
    if missing:
        paths = {**paths, **dict(OrgUnit.objects.filter(pk__in=missing).values_list("pk", "path"))}
    return paths


def scope_units(paths: Iterable[str]) -> list[int]:
    """The units whose subtrees a reader's unit paths cover (the last unit of each path)."""
    return [units[-1] for units in map(ids_on_path, paths) if units]


def _unit_tokens() -> dict[int, list[list[str]]]:
    """Each unit's names, in every language, as tokens: read from the cached configuration (the
    tree changes rarely), so a search queries no unit."""
    from shiliu.org.models import OrgUnit

    def load() -> dict[int, list[list[str]]]:
        return {
            pk: [tokens(name) for name in [name, *(str(value) for value in (translations or {}).values())]]
            for pk, name, translations in OrgUnit.objects.values_list("pk", "name", "name_translations")
        }

    return config.cached("service_requests.search_unit_tokens", load)


# --- How PostgreSQL stores it: the tsvector is the column ------------------------------------------

_LEXEME = re.compile(r"'((?:[^']|'')*)'(?::([0-9A-D,]+))?")


def text_of_vector(value: str) -> str:
    """The token text back from a tsvector's text form ("'停车':1 '车难':2"), in order."""
    at: list[tuple[int, str]] = []
    for lexeme, positions in _LEXEME.findall(value or ""):
        word = lexeme.replace("''", "'")
        at.extend((int(position.rstrip("ABCD")), word) for position in (positions or "0").split(","))
    return " ".join(word for _, word in sorted(at))


class SearchDocumentField(models.TextField):  # type: ignore[type-arg]
    """The search text: the token text on SQLite, its `tsvector` on PostgreSQL (written through
    `to_tsvector('simple', …)`, read back as the token text), so the text is stored once."""

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "postgresql":
            return "tsvector"
        return super().db_type(connection)

    def get_placeholder(self, value: Any, compiler: Any, connection: Any) -> str:
        return "to_tsvector('simple', %s)" if connection.vendor == "postgresql" else "%s"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if connection.vendor == "postgresql" and value is not None:
            return text_of_vector(value)
        return value


def index_write(pk: int, search_text: str, *, new: bool = False) -> None:
    """Keep SQLite's FTS table in step with `search_text` (PostgreSQL's column is the index's).
    Called by the services and the workflow in the transaction that writes the text; a `new`
    request has no row to replace."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if not new:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [pk])  # noqa: S608
        cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (%s, %s)",  # noqa: S608
                       [pk, search_text])


@dataclass(frozen=True)
class _Word:
    """A query word: the terms it must match in a row (a Han word of n ≥ 2 characters its n-1
    pairs, adjacent; a lone Han character as a prefix; another word whole), or any of the units
    whose names hold it (`places`)."""

    terms: tuple[str, ...]
    prefix: bool
    places: tuple[int, ...]

    @property
    def text(self) -> str:
        """The word as written (its pairs joined again)."""
        return self.terms[0] + "".join(term[1:] for term in self.terms[1:])


def _holds(names: list[list[str]], terms: tuple[str, ...], prefix: bool) -> bool:
    """Whether any of the token lists holds the terms as they stand in a row."""
    for name in names:
        if prefix:
            if any(token.startswith(terms[0]) for token in name):
                return True
        elif any(name[i : i + len(terms)] == list(terms) for i in range(len(name) - len(terms) + 1)):
            return True
    return False


def _words(query: str) -> list[_Word]:
    """The query's words, each as the terms it must match in a row; at most MAX_QUERY_TERMS
    terms in all, the same terms as `query_terms`."""
    words: list[_Word] = []
    seen: set[tuple[str, ...]] = set()
    budget = MAX_QUERY_TERMS
    units: dict[int, list[list[str]]] | None = None
    for run in _RUN.findall(normalised(query)):
        han = bool(_HAN_RUN.fullmatch(run))
        terms = tuple(([run[i : i + 2] for i in range(len(run) - 1)] if han and len(run) > 1 else [run])[:budget])
        if terms and terms not in seen:
            seen.add(terms)
            prefix = han and len(run) == 1
            units = _unit_tokens() if units is None else units
            named = tuple(pk for pk, names in units.items() if _holds(names, terms, prefix))
            words.append(_Word(terms, prefix, named))
            budget -= len(terms)
    return words


def _fts5_query(words: list[_Word]) -> str:
    """Every word as an FTS5 phrase of its pairs (a lone character a prefix), or any of its
    places' tokens."""
    groups = []
    for word in words:
        phrase = '"' + " ".join(word.terms).replace('"', '""') + '"' + ("*" if word.prefix else "")
        groups.append("(" + " OR ".join([phrase, *(f'"{place_token(pk)}"' for pk in word.places)]) + ")")
    return " AND ".join(groups)


def _tsquery(words: list[_Word], *, phrase: bool = True) -> str:
    """The same as a `to_tsquery` text: a longer word's pairs next to each other (or only all of
    them with `phrase=False`, which the GIN index answers without reading a row), a lone
    character a prefix, or any of the word's places. Terms are letters and digits only, quoted
    all the same."""
    between = " <-> " if phrase else " & "
    groups = []
    for word in words:
        core = between.join(f"'{term}'" for term in word.terms) + (":*" if word.prefix else "")
        groups.append("(" + " | ".join([core, *(f"'{place_token(pk)}'" for pk in word.places)]) + ")")
    return " & ".join(groups)


def matching(queryset: QuerySet[ServiceRequest], query: str) -> QuerySet[ServiceRequest]:
    """The requests of `queryset` whose text holds every word of `query` (a longer word as a
    phrase), unranked: see `ranked` for a page of them. A query with no searchable term matches
    nothing."""
    words = _words(query)
    if not words:
        return queryset.none()
    # Table and column names are constants; the query's words go only in as parameters.
    if connection.vendor == "postgresql":
        return queryset.filter(_pg_match(_tsquery(words)))
    # SQLite: the FTS table joins the requests by rowid.
    return queryset.extra(  # noqa: S610 - constant names; the query is a parameter
        tables=[FTS_TABLE], where=[f"{FTS_TABLE}.rowid = {REQUEST_TABLE}.id", f"{FTS_TABLE} MATCH %s"],
        params=[_fts5_query(words)])


def _pg_match(tsquery: str) -> RawSQL:
    return RawSQL(f"{REQUEST_TABLE}.search_text @@ to_tsquery('simple', %s)",  # noqa: S611
                  [tsquery], output_field=BooleanField())


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
           size: int = 50, scope: Iterable[int] | None = None) -> Found:
    """The rows `offset` to `offset + size` of the matches of `query` in `queryset`, the best
    first (then the newest). Only the newest CANDIDATES matches are ranked and counted, so a
    common word costs little more than a rare one: the index finds the newest matches (on
    PostgreSQL window by window of ids, `_pg_candidates`), only their ids and ranks are read
    (the words' count / bm25), and only the page's rows are read whole. `scope`: the units whose subtrees
    hold `queryset`'s requests (`scope_units`), looked for in the index on PostgreSQL as well
    (the queryset still decides what is seen)."""
    words = _words(query)
    if not words:
        return Found(rows=[], count=0, count_is_exact=True)
    try:
        if connection.vendor == "postgresql":
            scores = _pg_candidates(queryset, words, None if scope is None else list(scope))
        else:
            scores = _fts5_candidates(queryset, words)
    except EmptyResultSet:  # a scope that holds nothing (no unit): its SQL cannot be written
        scores = {}
    ids = list(scores)
    exact = len(ids) <= CANDIDATES
    ids = ids[:CANDIDATES]
    # Best first, then the newest (the highest id: requests are numbered as they arrive).
    order = sorted(ids, key=lambda pk: (-scores.get(pk, 0.0), -pk))[offset : offset + size]
    # (the search text is not shown: not read, nor turned back into words)
    rows = queryset.order_by().filter(pk__in=order).defer("search_text") if order else []
    by_pk = {row.pk: row for row in rows}
    page = []
    for pk in order:
        row = by_pk[pk]
        row.search_rank = float(scores.get(pk, 0.0))  # type: ignore[attr-defined]
        page.append(row)
    return Found(rows=page, count=len(ids), count_is_exact=exact)


def _fts5_candidates(queryset: QuerySet[ServiceRequest], words: list[_Word]) -> dict[int, float]:
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


def _pg_candidates(queryset: QuerySet[ServiceRequest], words: list[_Word],
                   scope: list[int] | None) -> dict[int, float]:
    """PostgreSQL: the newest CANDIDATES + 1 matches in `queryset` and their rank, newest
    first. A GIN index cannot give its matches newest first, and reading every match's row to
    sort them (or walking the ids backwards, checking each row's vector) cost 0.2-0.7 s for a
    common word at 1M requests. So the index also holds each request's id bucket, and the
    matches are looked for in the newest WINDOW buckets first, inside the index (the words' and
    the buckets' entries intersected there), then in a window as much larger as the first one's
    yield says is needed (2 to 32 times), each window from the top (an upper bound would be a
    second range of bucket entries, read from the first bucket up). Only a window's matches are
    read. The reader's scope is in the index too (their units' place and scope tokens, `scope`),
    so a district's search reads no other district's rows; it is checked on each row all the
    same (the queryset decides), from the newest, then (behind OFFSET 0, so only for the rows in
    scope, and only until enough are kept) a longer word's phrase, which reads the row's vector,
    and the rank of the kept ones from their description and reply. The last window, down to
    the first id, is searched without the bucket, and so is a window that would span most of the
    table (all its matches in the reader's units are fewer entries than the buckets' ids)."""
    wanted = CANDIDATES + 1
    phrase = any(len(word.terms) > 1 for word in words)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {REQUEST_TABLE}")  # noqa: S608
        top = cursor.fetchone()[0]
    if top is None:
        return {}
    unphrased = _tsquery(words, phrase=False)
    if scope is not None:
        if not scope:
            return {}
        unphrased += " & (" + " | ".join(f"'{token(pk)}'" for pk in scope for token in (place_token, scope_token)) + ")"
    matches = queryset.order_by().filter(_pg_match(unphrased))
    # The rank: how often the words stand in the description and reply (what the reader sees),
    # from the row itself; ts_rank would read every kept row's vector from TOAST.
    text = "lower(c.description || ' ' || c.reply)"
    rank = " + ".join([f"(char_length({text}) - char_length(replace({text}, %s, ''))) / %s" for _ in words])
    rank_params = [value for word in words for value in (word.text, float(len(word.text)))]
    columns = ["pk", "description", "reply", *(["search_text"] if phrase else [])]
    high = top // BUCKET
    # A small table (under SMALL buckets) is searched whole: its windows would cost more.
    low = high - WINDOW + 1 if high >= SMALL else 0
    with transaction.atomic(), connection.cursor() as cursor:
        # A window's bucket entries are a bitmap in memory: exact (not lossy) for the larger ones.
        cursor.execute("SET LOCAL work_mem = '32MB'")
        while True:
            window = matches if low <= 0 else matches.filter(RawSQL(  # noqa: S611 - the bound is a parameter
                f"({REQUEST_TABLE}.id / {BUCKET}) >= %s::bigint", [low], output_field=BooleanField()))
            inner, params = window.order_by("-pk").values_list(*columns).query.sql_with_params()
            if phrase:  # checked on the rows in scope, from the newest, until enough are kept
                sql = (f"SELECT c.id, {rank} FROM ({inner} OFFSET 0) AS c(id, description, reply, vector) "  # noqa: S608
                       "WHERE c.vector @@ to_tsquery('simple', %s) ORDER BY c.id DESC LIMIT %s")
                values = [*rank_params, *params, _tsquery(words), wanted]
            else:
                sql = (f"SELECT c.id, {rank} FROM ({inner} LIMIT %s) AS c(id, description, reply) "  # noqa: S608
                       "ORDER BY c.id DESC")
                values = [*rank_params, *params, wanted]
            cursor.execute(sql, values)
            found = {pk: float(score) for pk, score in cursor.fetchall()}
            if len(found) >= wanted or low <= 0:
                return found
            span = high - low + 1
            grow = min(32.0, max(2.0, 1.25 * wanted / len(found))) if found else 32.0
            low = high - int(span * grow) + 1
            # All the matches in the reader's units (as many as the window's yield says, one more
            # for a window that found none), each a row read, may cost less than the larger
            # window's bucket entries and rows (a row read costs about as much as 300 ids).
            if (len(found) + 1) / span * high * 300 < (high - low + 1) * BUCKET + wanted * 1.25 * 300:
                low = 0


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
