"""Which text on a resident's page is not in the page's language: Han characters (and CJK
punctuation) on /en/, /ug/ and /bo/; Simplified-only forms on /zh-hant/ (an OpenCC round trip, with the
reviewed corrections the catalogue uses). Text the resident or staff typed is exempt; pages mark it with
`data-typed` (or `dir="auto"`), and a brand or a language's own name carries its own `lang`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from shiliu.core.catalogues import to_traditional

HAN = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
NO_HAN = frozenset({"en", "ug", "bo"})


@lru_cache(maxsize=1)
def _to_simplified() -> object:
    import opencc

    return opencc.OpenCC("tw2s")


def simplified_only(run: str) -> bool:
    """Whether a run of Han text is not what the Traditional catalogue would write: converting it
    to Simplified and back (OpenCC s2tw and the reviewed corrections) changes it. (s2tw itself is
    not idempotent on Traditional text: it turns 鄰里 into 鄰裡, so the round trip is the test.)"""
    return to_traditional(str(_to_simplified().convert(run))) != run  # type: ignore[attr-defined]


def foreign(text: str, language: str) -> list[str]:
    """The pieces of `text` a reader of `language` should not meet (empty when all is well)."""
    if language in NO_HAN:
        return HAN.findall(text)
    if language == "zh-hant":
        return [run for run in HAN.findall(text) if simplified_only(run)]
    return []


# In a browser: the visible text of the page without what people typed and what declares its own
# language (the switcher's language names, the brand's Chinese name).
VISIBLE_TEXT_JS = """() => {
  const page = document.documentElement.lang;
  const skip = el => el.closest('[data-typed], [dir="auto"], script, style, template, option') ||
    (el.closest('[lang]') && el.closest('[lang]').lang.toLowerCase() !== page.toLowerCase());
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || skip(node.parentElement)) continue;
    parts.push(node.textContent.trim());
  }
  const selects = document.querySelectorAll('select:not([data-typed]) option');
  for (const option of selects) {
    if (!option.closest('[lang]') || option.closest('[lang]').lang.toLowerCase() === page.toLowerCase())
      if (!option.hasAttribute('lang')) parts.push(option.textContent.trim());
  }
  const labelled = document.querySelectorAll('[placeholder], [title], [aria-label], input[type=submit]');
  for (const el of labelled) {
    if (skip(el)) continue;
    for (const name of ['placeholder', 'title', 'aria-label', 'value'])
      if (el.getAttribute(name) && (name !== 'value' || el.type === 'submit')) parts.push(el.getAttribute(name));
  }
  parts.push(document.title);
  return parts.join('\\n');
}"""
