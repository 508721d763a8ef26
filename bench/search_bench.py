"""Benchmark: Chinese search quality and speed, our backend against plain
Wagtail (modelsearch's database backend), measured in one run.

    .venv/bin/python bench/search_bench.py [--repeat 3] [--seeds DIR] [--per-page 2]

Sets up its own temporary SQLite database (portal.settings.test), imports
the seed regulations with ``import_policies`` and samples phrases from the
imported articles (``policies.search.evaluation``: whole words and
substrings that cut through words, plus 培训计划, 工程师, 摸底考试, 考核 and
Traditional phrases of seed 002 asked in Simplified). Then, for each
backend in turn, it indexes the same policy pages (both write modelsearch's
one index table, so one after the other) and runs every phrase through the
backend's ``search()``:

* recall: the fraction of phrases for which every policy containing the
  phrase is found;
* top-5: the mean number of the first five results that contain the phrase
  (the ideal is min(5, policies containing it));
* query time, as the ratio ours/plain (absolute times depend on the machine).

``search_policies`` (the site search: our backend, then exact matches
first, highlighting and access checks) is reported on a third line.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMED = ["培训计划", "工程师", "摸底考试", "考核"]


def setup_django(db_path, settings_module):
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)


def import_seeds(seed_dir):
    from django.core.management import call_command

    files = sorted(str(p) for p in Path(seed_dir).glob("*.txt"))
    if not files:
        sys.exit(f"search bench: no seed files in {seed_dir}")
    call_command("import_policies", *files, verbosity=0)
    return len(files)


def reindex(backend, model, pages):
    """Replace the index with ``backend``'s documents for ``pages``; seconds.
    Our segmentation cache is emptied first (the import filled it)."""
    from policies.search.text import index_text

    index_text.cache_clear()
    started = time.perf_counter()
    for index in backend.all_indexes():
        index.reset()
    backend.get_index_for_model(model).add_items(model, pages)
    return time.perf_counter() - started


def timed(search, phrases, repeat):
    """Median over ``repeat`` rounds of the mean seconds per query."""
    rounds = []
    for _ in range(repeat):
        started = time.perf_counter()
        for phrase in phrases:
            search(phrase)
        rounds.append((time.perf_counter() - started) / len(phrases))
    return statistics.median(rounds)


def measure(search, phrases, texts, repeat):
    """Quality once, then the time per query."""
    from policies.search.evaluation import evaluate

    for phrase in phrases[:3]:  # warm-up: first-query costs are not the backend's
        search(phrase)
    return evaluate(search, phrases, texts), timed(search, phrases, repeat)


def ratio(ours, plain):
    if plain == 0:
        return "∞" if ours else "—"
    return f"×{ours / plain:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds over all phrases")
    parser.add_argument("--per-page", type=int, default=2, help="phrases sampled per policy")
    parser.add_argument("--seeds", default=None, help="seed folder (default: settings.PORTAL_SEED_DIR)")
    parser.add_argument("--settings", default="portal.settings.test")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        setup_django(workdir / "bench.sqlite3", args.settings)
        run(args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from modelsearch.backends import database as plain_database
    from wagtail.search.backends import get_search_backend

    from policies.models import PolicyPage
    from policies.search import search_policies
    from policies.search.evaluation import (
        evaluate,
        policy_text,
        sample_phrases,
        traditional_phrases,
    )
    from policies.search.text import normalise

    seed_dir = args.seeds or settings.PORTAL_SEED_DIR
    started = time.perf_counter()
    files = import_seeds(seed_dir)
    import_seconds = time.perf_counter() - started

    pages = list(PolicyPage.objects.live().order_by("document_number"))
    texts = {page.pk: policy_text(page) for page in pages}
    sampled = sample_phrases(pages, per_page=args.per_page)
    traditional = [
        simplified
        for page in pages
        if normalise(page.title) != page.title
        for _, simplified in traditional_phrases(page)
    ]
    phrases = list(dict.fromkeys(sampled + NAMED + traditional))
    queryset = PolicyPage.objects.live()
    reader = get_user_model().objects.create_superuser("bench-reader", "bench@example.com", "x")

    plain = plain_database.SearchBackend({})
    ours = get_search_backend("default")
    rows = []
    for name, backend in (("plain Wagtail (database)", plain), ("ours (jieba + OpenCC)", ours)):
        index_seconds = reindex(backend, PolicyPage, pages)

        def search(phrase, backend=backend):
            return [page.pk for page in backend.search(phrase, queryset)]

        def first_ten(phrase, backend=backend):
            return [page.pk for page in backend.search(phrase, queryset)[:10]]

        quality, per_query = measure(search, phrases, texts, args.repeat)
        rows.append({
            "name": name, "quality": quality, "query": per_query, "index": index_seconds,
            "query10": timed(first_ten, phrases, args.repeat),
            "traditional": evaluate(search, traditional, texts),
            "named": {phrase: len(search(phrase)) for phrase in NAMED},
        })
    plain_row, ours_row = rows
    # The index now holds our documents: the site search on top of them.
    quality, per_query = measure(
        lambda phrase: [r["page"].pk for r in search_policies(phrase, reader)],
        phrases, texts, args.repeat,
    )
    site = {"name": "ours + search_policies", "quality": quality, "query": per_query,
            "query10": None, "index": None, "traditional": None}

    print(f"search bench: {len(pages)} policies from {files} seed files (imported in "
          f"{import_seconds:.1f} s); {plain_row['quality'].phrases} phrases: {len(sampled)} "
          f"sampled from articles, {len(NAMED)} named, {len(traditional)} Traditional "
          f"(seed 002) asked in Simplified")
    header = (f"{'':26} {'recall':>7} {'top-5 hits':>11} {'Trad. recall':>13} "
              f"{'ms/query':>9} {'ms top-10':>10} {'index s':>8}")
    rule = "-" * len(header)
    print(header)
    print(rule)
    for row in (plain_row, ours_row, site):
        q, trad, index, ten = row["quality"], row["traditional"], row["index"], row["query10"]
        trad_recall = "" if trad is None else f"{trad.recall:.2f}"
        index_time = "" if index is None else f"{index:.2f}"
        ten_time = "" if ten is None else f"{ten * 1000:.2f}"
        print(f"{row['name']:26} {q.recall:7.2f} {q.mean_top5:11.2f} {trad_recall:>13} "
              f"{row['query'] * 1000:9.2f} {ten_time:>10} {index_time:>8}")
    print(f"{'(ideal)':26} {1:7.2f} {plain_row['quality'].mean_top5_ideal:11.2f}")
    print(rule)
    print(f"{'ratio ours/plain':26} "
          f"{ratio(ours_row['quality'].recall, plain_row['quality'].recall):>7} "
          f"{ratio(ours_row['quality'].mean_top5, plain_row['quality'].mean_top5):>11} "
          f"{ratio(ours_row['traditional'].recall, plain_row['traditional'].recall):>13} "
          f"{ratio(ours_row['query'], plain_row['query']):>9} "
          f"{ratio(ours_row['query10'], plain_row['query10']):>10} "
          f"{ratio(ours_row['index'], plain_row['index']):>8}")
    print(f"{'ratio site search/plain':26} {'':>7} {'':>11} {'':>13} "
          f"{ratio(site['query'], plain_row['query']):>9}")
    print(f"(times: median of {args.repeat} rounds over all phrases, one process, one run; "
          "ms/query fetches every result, ms top-10 the first ten)")
    print("results for the named phrases, plain → ours: "
          + ", ".join(f"{p} {plain_row['named'][p]}→{ours_row['named'][p]}" for p in NAMED))
    for row in (ours_row, site):
        if row["quality"].misses:
            print(f"{row['name']} missed:", ", ".join(p for p, _ in row["quality"].misses))


if __name__ == "__main__":
    main()
