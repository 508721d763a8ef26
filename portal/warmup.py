"""Load what is slow to load once per server, before it forks its workers.

jieba reads its dictionary on first use (about a second) and OpenCC builds
its conversion tables when ``policies.segment`` is imported. Served by
gunicorn with ``--preload`` (see ``deploy/gunicorn.conf.py``) or by a Celery
worker (``portal.celery``), :func:`warm_up` runs in the parent process, so
every forked worker starts with both in memory, shared copy-on-write, and no
request pays for them.
"""
import logging
import time

logger = logging.getLogger(__name__)


def warm_up():
    """Load jieba's dictionary and the OpenCC converter; return the seconds taken."""
    started = time.perf_counter()
    # Imported here: portal.celery imports this module before Django is set up,
    # and policies.search needs the app registry.
    import jieba

    from policies import segment
    from policies.search.text import index_text

    jieba.initialize()
    segment.words("培训计划")
    index_text("繁體字與簡體字")
    seconds = time.perf_counter() - started
    logger.info("warmed up jieba and OpenCC", extra={"seconds": round(seconds, 3)})
    return seconds
