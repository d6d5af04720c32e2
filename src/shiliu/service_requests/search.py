"""Chinese full-text search over requests, the same on SQLite and PostgreSQL.

Most Chinese words have two characters, which trigram indexes (SQLite FTS5 `trigram`, pg_trgm)
cannot find. So the text is cut into character n-grams here, once, when it is written: every Han
character and every pair of neighbouring ones, plus whole words of other scripts, lowercased and
separated by spaces (`ServiceRequest.search_text`):

    tokens("小区停车难")  → ["小", "小区", "区", "区停", "停", "停车", "车", "车难", "难"]
    query_terms("停车")   → ["停车"]        (a word of n ≥ 2 characters: its n-1 pairs, all required)

The databases only split on spaces: PostgreSQL keeps a generated `tsvector` column
(`to_tsvector('simple', search_text)`) under a GIN index and ranks with `ts_rank`; SQLite keeps
an FTS5 table (`unicode61`) beside the requests, written by `index_write`, and ranks with `bm25`.
Both are created by migration 0022. Phone numbers and other long digit runs (ID and card numbers)
never reach the index: a person's number is never searchable by value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet, Value
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


def _fts5_query(terms: list[str]) -> str:
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def matching(queryset: QuerySet[ServiceRequest], query: str) -> QuerySet[ServiceRequest]:
    """The requests of `queryset` whose text holds every term of `query`, annotated with
    `search_rank` (higher is better). A query with no searchable term matches nothing."""
    terms = query_terms(query)
    if not terms:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    # Table and column names are constants; the query's words go only in as parameters.
    if connection.vendor == "postgresql":
        text = " ".join(terms)
        tsquery = "plainto_tsquery('simple', %s)"
        matches = RawSQL(f"{REQUEST_TABLE}.search_vector @@ {tsquery}", [text],  # noqa: S611
                         output_field=BooleanField())
        rank = RawSQL(f"ts_rank({REQUEST_TABLE}.search_vector, {tsquery})", [text],  # noqa: S611
                      output_field=FloatField())
        return queryset.filter(matches).annotate(search_rank=rank)
    # SQLite: the FTS table joins the requests by rowid, so bm25 is read once per match.
    fts = _fts5_query(terms)
    return queryset.extra(  # noqa: S610 - constant names; the query is a parameter
        tables=[FTS_TABLE], where=[f"{FTS_TABLE}.rowid = {REQUEST_TABLE}.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts], select={"search_rank": f"-bm25({FTS_TABLE})"})


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
