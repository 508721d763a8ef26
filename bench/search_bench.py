"""Section ``search``: Chinese search at corpus size, against plain Wagtail
search and a pg_trgm scan of the same texts, on PostgreSQL.

The corpus: the imported seed regulations, then generated policy pages up to
``corpus`` (10,000 at full size), each the body of one seed policy followed
by the body of another (chosen by a stride, so pairs vary), under its own
title and number; one in ten is
秘密 (the reader, an ordinary employee, may not see it, so clearance
filtering has work to do). Pages are created live, without revisions, with
the search index's auto-update off; the index is then built and timed.

The phrases: the bench phrases (``policies.search.evaluation``: sampled from
the seed articles, whole words and substrings cutting through words, every
n-th of them up to ``search_phrases``; the named ones below; five Traditional
phrases asked in Simplified). Recall: a
phrase counts when every page containing it is found (for the site search:
every page containing it that the reader may see).

Measured, each over the phrases × ``search_repeat`` rounds:

* ``site search``: ``policies.search.PolicySearch`` as the search page
  calls it (our backend, exact matches first, clearance filtering in SQL,
  the count up to its limit and the first page of 20 results with their
  snippets; recall over every visible match, ``ids()``);
* ``ours (backend)`` and ``plain Wagtail``: the backends' ``search()`` over
  live policies (ids only);
* ``pg_trgm``: ``LIKE '%phrase%'`` over the normalised texts in a table with
  a GIN trigram index.

``BENCH_REUSE=1`` (opt-in, for working on search): keep the generated
corpus and reuse it. The section's database ``<name>_search`` is then not
dropped (here nor by ``bench/run.py``); it carries a comment naming the
corpus size and the prepared base's fingerprint, and a later run with the
same size and base skips cloning and generating (``generate_s`` is then the
first run's). The indexes are still rebuilt and timed every run (after a run
the database holds our backend's index, ready for in-process profiling).
Without the flag every run starts from a fresh copy, as before.
"""
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

NAMED = ["培训计划", "工程师", "摸底考试", "考核"]


def generate(total):
    """Live policy pages up to ``total``; returns the seconds taken."""
    from django.db import transaction
    from django.utils import timezone

    from policies.models import PolicyIndexPage, PolicyPage

    seeds = list(PolicyPage.objects.live().order_by("document_number"))
    index = PolicyIndexPage.objects.live().first()
    bodies = [list(seed.body.raw_data) for seed in seeds]
    now = timezone.now()
    started = time.perf_counter()
    for n in range(total - len(seeds)):
        seed = seeds[n % len(seeds)]
        raw = bodies[n % len(seeds)] + bodies[(n * 7 + 3) % len(seeds)]
        window = [{"type": block["type"], "value": block["value"]} for block in raw]
        page = PolicyPage(
            title=f"{seed.title}（实施细则 {n + 1:05d}）", slug=f"bench-{n + 1:05d}",
            document_number=f"BENCH-{n + 1:05d}", version_label="A/0", effective_date=seed.effective_date,
            category_id=seed.category_id, owner_department_id=seed.owner_department_id,
            confidentiality=2 if n % 10 == 9 else 0, body=json.dumps(window, ensure_ascii=False),
            live=True, has_unpublished_changes=False, first_published_at=now, last_published_at=now,
        )
        with transaction.atomic():
            index.add_child(instance=page)
        if (n + 1) % 1000 == 0:
            print(f"search: generated {n + 1} pages", flush=True)
    return time.perf_counter() - started


def reindex(backend, pages):
    from policies.models import PolicyPage
    from policies.search.text import index_text

    index_text.cache_clear()
    started = time.perf_counter()
    for index in backend.all_indexes():
        index.reset()
    index = backend.get_index_for_model(PolicyPage)
    for start in range(0, len(pages), 500):
        index.add_items(PolicyPage, pages[start:start + 500])
    return time.perf_counter() - started


def timed(search, phrases, repeat):
    """Seconds of every call, ``repeat`` rounds over all phrases."""
    times = []
    for _ in range(repeat):
        for phrase in phrases:
            started = time.perf_counter()
            search(phrase)
            times.append(time.perf_counter() - started)
    return times


def build_trgm(texts):
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute("DROP TABLE IF EXISTS bench_policy_text")
        cursor.execute("CREATE TABLE bench_policy_text (page_id integer PRIMARY KEY, text text NOT NULL)")
        rows = list(texts.items())
        for start in range(0, len(rows), 500):
            cursor.executemany("INSERT INTO bench_policy_text VALUES (%s, %s)", rows[start:start + 500])
        cursor.execute("CREATE INDEX bench_policy_text_trgm ON bench_policy_text USING gin (text gin_trgm_ops)")
        cursor.execute("ANALYZE bench_policy_text")
    return time.perf_counter() - started


def table_sizes():
    """Megabytes of the search index table (text, tsvectors, all its
    indexes) and of its two pg_trgm indexes, after our backend built it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE wagtailsearch_indexentry")
        # The generated pages too, as autovacuum would on a running site
        # (without it the planner takes the 10,000 pages for a few dozen).
        cursor.execute("ANALYZE")
        cursor.execute(
            "SELECT pg_total_relation_size('wagtailsearch_indexentry'), "
            "coalesce(pg_relation_size(to_regclass('modelsearch_body_text_trgm')), 0) "
            "+ coalesce(pg_relation_size(to_regclass('modelsearch_title_text_trgm')), 0)"
        )
        total, trigram = cursor.fetchone()
    return {"index_table_total": round(total / 2**20, 1), "trigram_indexes": round(trigram / 2**20, 1)}


def trgm_search(phrase):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT page_id FROM bench_policy_text WHERE text LIKE %s", ["%" + phrase + "%"])
        return [row[0] for row in cursor.fetchall()]


def reusable_corpus(total):
    """``(url, generate_s)`` of a kept corpus of ``total`` pages made from
    the current base (``BENCH_REUSE=1``), or ``(url, None)``."""
    from bench.prepare import current_comment

    url = common.database_url("search")
    if os.environ.get("BENCH_REUSE") != "1":
        return url, None
    kept = (current_comment(common.database_name(url)) or "").split()
    base = current_comment(common.database_name(common.database_url("base")))
    if len(kept) == 4 and kept[:3] == ["corpus", str(total), str(base)]:
        print(f"search: reusing the corpus of {total} pages in {common.database_name(url)}", flush=True)
        return url, float(kept[3])
    return url, None


def keep_corpus(url, total, seconds):
    from bench.prepare import current_comment

    if os.environ.get("BENCH_REUSE") == "1":
        base = current_comment(common.database_name(common.database_url("base")))
        with common._admin_connection() as conn:
            conn.execute(f"COMMENT ON DATABASE \"{common.database_name(url)}\" IS "
                         f"'corpus {total} {base} {seconds:.1f}'")


def main():
    params = common.PARAMS
    url, generate_seconds = reusable_corpus(params["corpus"])
    if generate_seconds is None:
        url = common.clone_database("search")
    common.setup_django(url, BENCH_NO_AUTO_INDEX="1")
    import psutil
    from django.contrib.auth import get_user_model
    from modelsearch.backends import database as plain_database
    from wagtail.search.backends import get_search_backend

    from policies.access import can_view
    from policies.models import PolicyPage
    from policies.search import PolicySearch
    from policies.search.evaluation import (
        evaluate,
        policy_text,
        sample_phrases,
        traditional_phrases,
    )
    from policies.search.text import normalise
    from portal.warmup import warm_up

    warm_up()
    seeds = list(PolicyPage.objects.live().order_by("document_number"))
    if generate_seconds is None:
        generate_seconds = generate(params["corpus"])
        keep_corpus(url, params["corpus"], generate_seconds)
    pages = list(PolicyPage.objects.live().order_by("pk"))
    texts = {page.pk: policy_text(page) for page in pages}
    reader = get_user_model().objects.get(username="employee")
    readable = {page.pk for page in pages if can_view(reader, page)}
    visible = {pk: text for pk, text in texts.items() if pk in readable}
    traditional = [s for page in seeds if normalise(page.title) != page.title for _, s in traditional_phrases(page)]
    sampled = sample_phrases(seeds, per_page=2)
    step = max(1, len(sampled) // params["search_phrases"])
    phrases = list(dict.fromkeys(sampled[::step][:params["search_phrases"]] + NAMED + traditional[:5]))
    live_ids = PolicyPage.objects.live().only("pk")
    repeat = params["search_repeat"]
    rows = {}

    plain = plain_database.SearchBackend({})
    plain_index = reindex(plain, pages)
    plain_search = lambda phrase: [p.pk for p in plain.search(phrase, live_ids)]
    rows["plain Wagtail (database)"] = {
        "recall": evaluate(plain_search, phrases, texts).recall, "index_s": round(plain_index, 1),
        **common.summary_ms(timed(plain_search, phrases, repeat))}

    ours = get_search_backend("default")
    ours_index = reindex(ours, pages)
    ours_search = lambda phrase: [p.pk for p in ours.search(phrase, live_ids)]
    ours_eval = evaluate(ours_search, phrases, texts)
    rows["ours (backend)"] = {"recall": ours_eval.recall, "index_s": round(ours_index, 1),
                              **common.summary_ms(timed(ours_search, phrases, repeat))}

    index_sizes = table_sizes()

    # Recall over every visible match; the time is the search page's: the
    # count and the first page of results with their snippets.
    site_eval = evaluate(lambda phrase: PolicySearch(phrase, reader).ids(), phrases, visible)
    site_page = lambda phrase: PolicySearch(phrase, reader).page(1)
    rows["site search"] = {"recall": site_eval.recall, "index_s": round(ours_index, 1),
                           **common.summary_ms(timed(site_page, phrases, repeat))}

    trgm_build = build_trgm(texts)
    rows["pg_trgm LIKE scan"] = {"recall": evaluate(trgm_search, phrases, texts).recall,
                                 "index_s": round(trgm_build, 1),
                                 **common.summary_ms(timed(trgm_search, phrases, repeat))}
    for row in rows.values():
        row["recall"] = round(row["recall"], 3)
    common.write_result("search", {
        "corpus": len(pages), "visible_to_reader": len(visible), "phrases": len(phrases),
        "generate_s": round(generate_seconds, 1), "rows": rows,
        "site_search_misses": [phrase for phrase, _ in site_eval.misses],
        "index_mb": index_sizes,
        "rss_mb": round(psutil.Process().memory_info().rss / 2**20, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "matches": {phrase: sum(1 for t in texts.values() if phrase in t) for phrase in NAMED},
    })


if __name__ == "__main__":
    main()
