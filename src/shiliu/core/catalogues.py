"""The translation catalogues as a build: extract, derive Traditional Chinese, compile, check.

    manage.py update_catalogues   makemessages for every language in settings.LANGUAGES, then
                                  zh_Hant regenerated from zh_Hans with OpenCC + the reviewed
                                  corrections, then compiled (re-runnable at any time)
    manage.py check_catalogues    per-language counts; fails on anything untranslated or fuzzy

What must be complete (`required_for`):
- every message in the default language (zh-hans), in zh-hant (derived from it) and in English;
- in every other language, the *resident-facing* messages: those used by at least one file matching
  RESIDENT_FACING (the portal's templates and views, the forms, the workflow's states and errors,
  notifications, receipts, Django's own form errors a resident can meet, the language names, the
  REST and Open311 answers, which API clients show to residents).
  Staff-only messages (workbench, admin labels, figures) fall back to Simplified Chinese there.
English is the source language: its catalogue exists so that every language is handled alike, and
an empty translation there means "show the English source text"; a fuzzy entry still fails.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import to_locale

SOURCE_LANGUAGE = "en"
# OpenCC's s2tw: Traditional characters in the forms most readers see every day (為, 裡, 著), but
# no rewriting of vocabulary (s2twp would turn 信息 into 資訊 and 默认 into 預設, changing the
# administration's own terms). Corrections after review: locale/zh_Hant.review.tsv.
OPENCC_CONFIG = "s2tw"
TRADITIONAL, SIMPLIFIED = "zh-hant", "zh-hans"

RESIDENT_FACING = [
    "settings.py",
    "core/templates/*",
    "core/django_messages.py",
    "core/fields.py",
    "core/dates.py",
    "core/errors.py",
    "service_requests/templates/service_requests/portal_*",
    "service_requests/templates/service_requests/receipt*",
    "service_requests/templates/service_requests/_request_fields.html",
    "service_requests/templates/service_requests/_photo_field.html",
    "service_requests/templates/service_requests/_timeline.html",
    "service_requests/templates/service_requests/_notifications.html",
    "insights/templates/insights/suggestion.html",  # the category hint on the portal's form
    "org/views.py",  # the map picker's answers (the grid at a point)
    "service_requests/views/portal.py",
    "service_requests/receipts.py",
    "service_requests/forms.py",
    "service_requests/models.py",
    "service_requests/services.py",
    "privacy/images.py",  # the photo check's refusals, shown beside the portal's field
    "service_requests/workflow.py",
    "service_requests/routing.py",
    "service_requests/timeline.py",
    "notifications/*",
    # Residents' privacy: the notices, consents, their account, export and deletion
    "privacy/templates/*",
    "privacy/forms.py",
    "privacy/views.py",
    "privacy/models.py",
    "privacy/services.py",
    "privacy/registry.py",
    # Text messages (their refusals reach residents on every channel) and the account page's sections
    "core/sms.py",
    "service_requests/personal_data.py",
    "api/residents.py",
    # Residence declarations: the resident's pages, receipt, form, states, errors and notices
    "residence/templates/residence/declar*",
    "residence/templates/residence/_*",
    "residence/templates/residence/receipt*",
    "residence/forms.py",
    "residence/models.py",
    "residence/workflow.py",
    "residence/services.py",
    "residence/notices.py",
    "residence/views.py",
    "residence/personal_data.py",
    "cases/personal_data.py",  # the casework section of the resident's account page
    # The APIs' answers, which API clients show to residents (Accept-Language picks the language)
    "api/auth.py",
    "api/errors.py",
    "api/middleware.py",
    "api/open311/*",
    "api/questions.py",
    "api/rest.py",
    "api/services.py",
    "api/uploads.py",
    # The knowledge base (知识库): its portal pages, suggestions, and the replies that cite it
    "knowledge/templates/knowledge/portal_*",
    "knowledge/templates/knowledge/_suggestions.html",
    "knowledge/templates/knowledge/_fallback.html",
    "knowledge/views.py",
    "knowledge/forms.py",
    "knowledge/services.py",
    "knowledge/hooks.py",
    # Residents sign in too: the lockout page and its message
    "people/templates/people/locked_out.html",
    "people/sign_in_locks.py",
    # Too many requests: the 429 page and its message
    "core/limits.py",
]


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(code: str) -> Path:
    return locale_dir() / to_locale(code) / "LC_MESSAGES" / "django.po"


def is_resident_facing(entry: polib.POEntry) -> bool:
    return any(fnmatch.fnmatch(path, pattern) for path, _line in entry.occurrences
               for pattern in RESIDENT_FACING)


def required_for(code: str, entry: polib.POEntry) -> bool:
    if code in (settings.LANGUAGE_CODE, TRADITIONAL, SOURCE_LANGUAGE):
        return True
    return is_resident_facing(entry)


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


@dataclass
class Report:
    code: str
    total: int = 0  # messages in the catalogues
    translated: int = 0  # of them, translated in this language's compiled catalogue
    required: int = 0  # messages that must be translated in this language
    missing: list[str] = field(default_factory=list)  # required but untranslated
    fuzzy: list[str] = field(default_factory=list)  # flagged fuzzy (never shown by gettext)
    catalogue_missing: bool = False

    @property
    def ok(self) -> bool:
        return not (self.missing or self.fuzzy or self.catalogue_missing)

    def line(self) -> str:
        state = "ok" if self.ok else "INCOMPLETE"
        if self.catalogue_missing:
            return f"{self.code:8} no catalogue at {po_path(self.code)}  INCOMPLETE"
        return (f"{self.code:8} {self.translated:4}/{self.total} translated; required "
                f"{self.required - len(self.missing)}/{self.required}; "
                f"fuzzy {len(self.fuzzy)}  {state}")


def all_entries() -> dict[tuple[str, str], polib.POEntry]:
    """Every message of every language's catalogue (they share one set after update_catalogues)."""
    entries: dict[tuple[str, str], polib.POEntry] = {}
    for code, _name in settings.LANGUAGES:
        path = po_path(code)
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgid:
                continue
            known = entries.setdefault(_key(entry), entry)
            if known is not entry:
                known.occurrences = sorted(set(known.occurrences) | set(entry.occurrences))
    return entries


def compiled(code: str) -> set[tuple[str, str]]:
    """The messages a compiled catalogue actually translates (fuzzy and empty ones are left out)."""
    po = polib.pofile(str(po_path(code)))
    with tempfile.TemporaryDirectory() as tmp:
        mo_path = Path(tmp) / "django.mo"
        po.save_as_mofile(str(mo_path))
        return {_key(entry) for entry in polib.mofile(str(mo_path)) if entry.msgid and (
            entry.msgstr or any(entry.msgstr_plural.values()))}


def check(languages: list[str] | None = None) -> list[Report]:
    entries = all_entries()
    reports = []
    for code in languages or [code for code, _name in settings.LANGUAGES]:
        report = Report(code=code, total=len(entries))
        if not po_path(code).exists():
            report.catalogue_missing = True
            reports.append(report)
            continue
        po = [e for e in polib.pofile(str(po_path(code))) if not e.obsolete]
        fuzzy = {_key(e) for e in po if "fuzzy" in e.flags}
        present = {_key(e) for e in po}
        done = compiled(code)
        if code == SOURCE_LANGUAGE:  # an empty translation shows the English source itself
            done = present - fuzzy
        report.translated = len(done & entries.keys())
        for key, entry in sorted(entries.items()):
            if not required_for(code, entry):
                continue
            report.required += 1
            if key in fuzzy:
                report.fuzzy.append(entry.msgid)
            elif key not in done:
                report.missing.append(entry.msgid)
        reports.append(report)
    return reports


# --- Extraction and derivation -------------------------------------------------------------------

def gettext_available() -> bool:
    return shutil.which("xgettext") is not None and shutil.which("msgmerge") is not None


def source_root() -> Path:
    return Path(settings.BASE_DIR)


def run_makemessages(root: Path, locales: list[str]) -> None:
    """Django's makemessages for `locales`, run in `root` (which holds the sources and locale/)."""
    command = [
        "python", "-m", "django", "makemessages", "--no-obsolete", "--add-location=file",
        "--ignore=tests/*", "--ignore=*/tests/*", "--ignore=static/*", "--ignore=*/static/*",
        *[f"--locale={locale}" for locale in locales],
    ]
    import os
    import sys

    command[0] = sys.executable
    env = {**os.environ,
           "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "shiliu.settings")}
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)  # noqa: S603


def complete_headers() -> list[str]:
    """Fill the Language header of catalogues makemessages just created; return the languages
    whose Plural-Forms a person must still set (makemessages copies it only where Django has a
    catalogue of its own)."""
    unfinished = []
    for code, _name in settings.LANGUAGES:
        path = po_path(code)
        if not path.exists():
            continue
        po = polib.pofile(str(path))
        if not po.metadata.get("Language"):
            po.metadata["Language"] = to_locale(code)
            po.save(str(path))
        if "INTEGER" in po.metadata.get("Plural-Forms", "INTEGER"):
            unfinished.append(code)
    return unfinished


def extracted_msgids() -> set[tuple[str, str]]:
    """The messages the source code uses now, extracted into a scratch copy of the tree."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "shiliu"
        shutil.copytree(source_root(), copy, ignore=shutil.ignore_patterns(
            "__pycache__", "*.mo", "*.po", "static", "migrations", "tests"))
        (copy / "locale").mkdir(exist_ok=True)
        run_makemessages(copy, [to_locale(settings.LANGUAGE_CODE)])
        default = to_locale(settings.LANGUAGE_CODE)
        po = polib.pofile(str(copy / "locale" / default / "LC_MESSAGES" / "django.po"))
        return {_key(entry) for entry in po if entry.msgid}


def review_table() -> list[tuple[str, str]]:
    """(OpenCC output, reviewed text) pairs from locale/zh_Hant.review.tsv."""
    path = locale_dir() / "zh_Hant.review.tsv"
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if not line.strip() or line.startswith("#"):
            continue
        converted, reviewed, *_note = line.split("\t")
        pairs.append((converted, reviewed))
    return pairs


@lru_cache(maxsize=1)
def _converter() -> object:
    """OpenCC loads its dictionaries once (about a tenth of a second)."""
    import opencc

    return opencc.OpenCC(OPENCC_CONFIG)


def to_traditional(text: str, corrections: list[tuple[str, str]] | None = None) -> str:
    """`text` in Traditional characters: OpenCC, then the reviewed corrections."""
    result = str(_converter().convert(text))  # type: ignore[attr-defined]
    for converted, reviewed in review_table() if corrections is None else corrections:
        result = result.replace(converted, reviewed)
    return result


def derive_traditional() -> int:
    """Rewrite zh_Hant's catalogue from zh_Hans's; returns the number of messages."""
    corrections = review_table()
    source = polib.pofile(str(po_path(SIMPLIFIED)))
    target = polib.POFile(wrapwidth=source.wrapwidth)
    target.metadata = {**source.metadata, "Language": to_locale(TRADITIONAL),
                       "Language-Team": "Chinese (Traditional), generated from zh_Hans by OpenCC "
                                        f"{OPENCC_CONFIG} and reviewed"}
    for entry in source:
        if entry.obsolete:
            continue
        copy = polib.POEntry(
            msgid=entry.msgid, msgid_plural=entry.msgid_plural, msgctxt=entry.msgctxt,
            occurrences=entry.occurrences, flags=[f for f in entry.flags if f != "fuzzy"],
            comment=entry.comment, tcomment=entry.tcomment,
            msgstr=to_traditional(entry.msgstr, corrections) if entry.msgstr else "",
            msgstr_plural={k: to_traditional(v, corrections)
                           for k, v in entry.msgstr_plural.items()},
        )
        if "fuzzy" in entry.flags:  # an unchecked Simplified text stays unchecked in Traditional
            copy.flags.append("fuzzy")
        target.append(copy)
    path = po_path(TRADITIONAL)
    path.parent.mkdir(parents=True, exist_ok=True)
    target.save(str(path))
    return len(target)


def write_status_counts(reports: list[Report]) -> None:
    """Rewrite the counts table of locale/STATUS.md between its markers."""
    path = locale_dir() / "STATUS.md"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- counts: written by update_catalogues -->", "<!-- /counts -->"
    if start not in text or end not in text:
        return
    review = {settings.LANGUAGE_CODE: "reviewed", TRADITIONAL: "derived; terms reviewed",
              SOURCE_LANGUAGE: "source"}
    rows = ["| language | translated / total | required done | fuzzy | review |",
            "| --- | --- | --- | --- | --- |"]
    for r in reports:
        rows.append(f"| {r.code} | {r.translated} / {r.total} | {r.required - len(r.missing)} / "
                    f"{r.required} | {len(r.fuzzy)} | "
                    f"{review.get(r.code, f'awaiting native review ({r.translated})')} |")
    before, rest = text.split(start, 1)
    _old, after = rest.split(end, 1)
    path.write_text(before + start + "\n" + "\n".join(rows) + "\n" + end + after, encoding="utf-8")
