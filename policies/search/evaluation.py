"""Measuring search quality on real documents (used by
``tests/policies/test_search_chinese.py`` and ``bench/search_bench.py``).

A *phrase* is a string of 2–6 Chinese characters taken from a policy's
articles; a search for it should find every policy whose text contains it
(recall) and show such policies at the top (top-5 precision). "Contains" is
judged on normalised text (Simplified, lower case), so a Traditional policy
contains the Simplified form of its phrases.
"""
import hashlib
import re
from dataclasses import dataclass, field

import jieba

from .text import normalise

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
LENGTHS = (2, 3, 4, 5, 6)


def policy_text(page):
    """Title and body of ``page``, normalised: what "contains" is judged on."""
    return normalise(f"{page.title}\n{page.body_text()}")


def _choose(key, count):
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % count


def _article_runs(page):
    return [
        run
        for part in page.numbered_body()
        if part["type"] in ("article", "item", "paragraph")
        for run in _CJK_RUN.findall(f"{part['title']}{part['text']}")
    ]


def _words_phrase(run, key):
    """Whole jieba words from ``run``: one to three consecutive words of
    2–6 characters in all, chosen by ``key``."""
    words = list(jieba.cut(run))
    candidates = [
        "".join(words[i:j])
        for i in range(len(words))
        for j in range(i + 1, min(i + 3, len(words)) + 1)
        if 2 <= len("".join(words[i:j])) <= 6
    ]
    return candidates[_choose(key, len(candidates))] if candidates else None


def _substring_phrase(run, key, length):
    """``length`` characters of ``run`` from a position chosen by ``key``
    (cutting through words as often as not)."""
    start = _choose(key, len(run) - length + 1)
    return run[start : start + length]


def sample_phrases(pages, per_page=2):
    """Deterministic phrases from the pages' articles (items and paragraphs
    when a document has no articles), ``per_page`` from each page: even
    ones are whole words as jieba cuts them (what people type), odd ones
    are substrings of 2–6 characters at arbitrary positions (a harder test:
    they cut through words). Positions are chosen by hashing the document
    number, so the same pages always give the same phrases. Returned
    normalised, without duplicates, in page order."""
    phrases = []
    for page in sorted(pages, key=lambda p: p.document_number):
        runs = _article_runs(page)
        for n in range(per_page):
            key = f"{page.document_number}:{n}"
            if n % 2 == 0:
                phrase = _words_phrase(runs[_choose(key, len(runs))], key) if runs else None
            else:
                length = LENGTHS[len(phrases) % len(LENGTHS)]
                long_enough = [run for run in runs if len(run) >= length]
                phrase = (
                    _substring_phrase(long_enough[_choose(key, len(long_enough))], key, length)
                    if long_enough else None
                )
            if phrase and normalise(phrase) not in phrases:
                phrases.append(normalise(phrase))
    return phrases


def traditional_phrases(page, count=5):
    """``count`` phrases of a Traditional page that Simplified readers would
    type differently: two consecutive jieba words (3–6 characters) with at
    least one Traditional character, as ``(traditional, simplified)`` pairs
    in reading order, not overlapping."""
    found = []
    for run in _article_runs(page):
        simplified = normalise(run)
        if len(simplified) != len(run):
            continue
        words = list(jieba.tokenize(simplified))
        taken = 0  # phrases do not overlap
        for (_, start, _), (_, _, end) in zip(words, words[1:], strict=False):
            original, wanted = run[start:end], simplified[start:end]
            if start >= taken and 3 <= end - start <= 6 and original != wanted \
                    and wanted not in {s for _, s in found}:
                found.append((original, wanted))
                taken = end
                if len(found) == count:
                    return found
    return found


@dataclass
class Evaluation:
    """Recall and top-5 precision of one search function over phrases."""

    phrases: int = 0
    recalled: int = 0
    top5_hits: list = field(default_factory=list)
    top5_ideal: list = field(default_factory=list)
    misses: list = field(default_factory=list)  # (phrase, pages not found)
    impure: list = field(default_factory=list)  # (phrase, top results without it)

    @property
    def recall(self):
        return self.recalled / self.phrases if self.phrases else 0.0

    @property
    def mean_top5(self):
        """Mean number of the top 5 results that contain the phrase."""
        return sum(self.top5_hits) / len(self.top5_hits) if self.top5_hits else 0.0

    @property
    def mean_top5_ideal(self):
        """The same for a perfect search: min(5, pages containing the phrase)."""
        return sum(self.top5_ideal) / len(self.top5_ideal) if self.top5_ideal else 0.0


def evaluate(search, phrases, texts):
    """Run ``search(phrase) -> [page id, …]`` (best first) for each phrase.

    ``texts`` maps page id → :func:`policy_text`. A phrase is recalled when
    every page containing it is in the results. The top-5 count is how many
    of the first five results contain the phrase."""
    result = Evaluation()
    for phrase in phrases:
        relevant = {pk for pk, text in texts.items() if phrase in text}
        if not relevant:
            continue
        found = search(phrase)
        result.phrases += 1
        missing = relevant - set(found)
        if missing:
            result.misses.append((phrase, sorted(missing)))
        else:
            result.recalled += 1
        top = found[:5]
        hits = sum(1 for pk in top if pk in relevant)
        result.top5_hits.append(hits)
        result.top5_ideal.append(min(5, len(relevant)))
        if hits < min(5, len(relevant)):
            result.impure.append((phrase, [pk for pk in top if pk not in relevant]))
    return result
