"""The catalogue check that `make test` runs: it fails when any required message (every message in
zh-hans, zh-hant and en; the resident-facing ones in ug and bo) is untranslated or fuzzy in the
compiled catalogues, when the source uses a message no catalogue has, or when zh_Hant drifts from
what OpenCC and the reviewed corrections make of zh_Hans. The counts are printed at the end of
every run (see the root conftest's terminal summary)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings

from shiliu.core import catalogues


def test_every_language_is_complete_where_it_must_be() -> None:
    reports = catalogues.check()
    problems = {r.code: (r.missing + r.fuzzy)[:10] for r in reports if not r.ok}
    assert not problems, "\n".join(r.line() for r in reports) + f"\nfirst problems: {problems}"
    assert [r.code for r in reports] == [code for code, _name in settings.LANGUAGES]


def test_the_source_uses_no_message_the_catalogues_lack() -> None:
    if not catalogues.gettext_available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs GNU gettext (xgettext, msgmerge) to check the catalogues")
        pytest.skip("GNU gettext is not installed here")
    stale = catalogues.extracted_msgids() - catalogues.all_entries().keys()
    assert not stale, f"run `manage.py update_catalogues`: {sorted(m for _c, m in stale)[:10]}"


def test_traditional_chinese_is_derived_from_simplified_with_the_reviewed_corrections() -> None:
    pytest.importorskip("opencc")
    simplified = {e.msgid: e for e in polib.pofile(str(catalogues.po_path("zh-hans")))}
    traditional = polib.pofile(str(catalogues.po_path("zh-hant")))
    corrections = catalogues.review_table()
    drift = [e.msgid for e in traditional
             if e.msgstr != catalogues.to_traditional(simplified[e.msgid].msgstr, corrections)]
    assert not drift, f"zh_Hant was edited by hand or is stale; run update_catalogues: {drift[:5]}"
    assert "只有兩級" in Path(catalogues.po_path("zh-hant")).read_text(encoding="utf-8")


# Names that stay as they are in every language.
SAME_EVERYWHERE = {"REST API", "Open311", "n = %(count)s"}
SCRIPTS = {"ug": (0x0600, 0x06FF), "bo": (0x0F00, 0x0FFF), "zh-hans": (0x4E00, 0x9FFF),
           "zh-hant": (0x4E00, 0x9FFF)}


@pytest.mark.parametrize("code", list(SCRIPTS))
def test_no_english_is_copied_and_each_language_is_in_its_own_script(code: str) -> None:
    low, high = SCRIPTS[code]
    for entry in polib.pofile(str(catalogues.po_path(code))):
        if entry.msgid in SAME_EVERYWHERE or not re.sub(r"%\(\w+\)[sd]|[^A-Za-z]", "", entry.msgid):
            continue  # nothing but placeholders and punctuation: no script to check
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                assert text != entry.msgid, (code, entry.msgid)
                assert any(low <= ord(char) <= high for char in text), (code, entry.msgid, text)


def test_a_language_in_settings_without_a_catalogue_fails_the_check(settings: Any) -> None:
    settings.LANGUAGES = [*settings.LANGUAGES, ("kk", "Kazakh")]
    report = catalogues.check()[-1]
    assert report.code == "kk" and report.catalogue_missing and not report.ok


def test_an_untranslated_or_fuzzy_resident_message_fails_the_check(
    tmp_path: Path, settings: Any
) -> None:
    # Given a copy of the catalogues where Tibetan lost one portal message and has a fuzzy one
    import shutil

    shutil.copytree(catalogues.locale_dir(), tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    po = polib.pofile(str(catalogues.po_path("bo")))
    po.find("Report a problem").msgstr = ""
    po.find("Send rating").flags.append("fuzzy")
    po.save()
    # Then the check names both
    report = {r.code: r for r in catalogues.check()}["bo"]
    assert report.missing == ["Report a problem"] and report.fuzzy == ["Send rating"]
    assert not report.ok and "INCOMPLETE" in report.line()
    # while a staff-only message may stay untranslated in Tibetan
    assert not catalogues.required_for("bo", catalogues.all_entries()[("", "Supervision list")])
