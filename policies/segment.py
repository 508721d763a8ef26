"""Chinese text handling shared by search and redline: OpenCC normalisation
(Traditional → Simplified) and jieba word segmentation."""
import functools
import logging

import jieba
from opencc import OpenCC

jieba.setLogLevel(logging.WARNING)

_t2s = OpenCC("t2s")


@functools.lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    return _t2s.convert(text)


def words(text: str) -> list[str]:
    """Segment text into words, keeping every character (whitespace and
    punctuation included), so that ``"".join(words(t)) == t``."""
    return list(jieba.cut(text, HMM=True))
