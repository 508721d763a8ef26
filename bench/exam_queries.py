"""Every SQL statement of one trainee's exam requests, as production serves them.

One trainee (a real session in the database, CSRF enforced) on a copy of
the bench database with ``bench.settings``: start, the paper, one autosave
of one answer, one autosave of the whole paper, and a submit carrying 50
answers. Prints each request's statements and their count, with the time
of the request in this process (no network, no concurrency)::

    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_NAME \\
        .venv/bin/python bench/exam_queries.py [--quiet]

Not a timing benchmark (that is ``exam_bench.py``): it shows what each
request asks the database, so a change can be judged by its statements.
"""
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

QUESTIONS = 50


def main(quiet=False):
    url = common.clone_database("queries")
    common.setup_django(url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.exam_bench import RADIO, build_exam, script_urls

    exam_url, _, people = build_exam(1, QUESTIONS)
    _, session = people[0]
    client = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=common.CSRF)
    client.cookies["sessionid"] = session
    client.cookies["csrftoken"] = common.CSRF
    counts = {}

    def run(name, method, path, **kwargs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = getattr(client, method)(path, **kwargs)
            elapsed = (time.perf_counter() - started) * 1000
        counts[name] = len(captured)
        print(f"--- {name}: HTTP {response.status_code}, {len(captured)} statements, {elapsed:.1f} ms")
        if not quiet:
            for query in captured.captured_queries:
                print("   ", query["sql"][:220])
        return response

    response = run("start", "post", f"{exam_url}start/", data={"csrfmiddlewaretoken": common.CSRF})
    attempt_path = re.search(r"/attempt/\d+/", response["Location"]).group(0)
    attempt_path = f"{exam_url}{attempt_path.lstrip('/')}"
    html = run("take", "get", attempt_path).content.decode()
    choices = {}
    for key, value in RADIO.findall(html):
        choices.setdefault(key, value)
    first = next(iter(choices))
    save, submit = script_urls(html)  # the URLs the page's script posts to
    run("autosave (1 answer)", "post", save, data=json.dumps({"seq": 1, "answers": {first: choices[first]}}),
        content_type="application/json", HTTP_ACCEPT="application/json")
    run("autosave (1 answer, again)", "post", save, data=json.dumps({"seq": 2, "answers": {first: choices[first]}}),
        content_type="application/json", HTTP_ACCEPT="application/json")
    run(f"autosave ({len(choices)} answers)", "post", save, data=json.dumps({"seq": 3, "answers": choices}),
        content_type="application/json", HTTP_ACCEPT="application/json")
    five = dict(list(choices.items())[:5])
    run("stale autosave", "post", save, data=json.dumps({"seq": 3, "answers": five}),
        content_type="application/json", HTTP_ACCEPT="application/json")
    run(f"submit ({len(choices)} answers)", "post", submit,
        data=json.dumps({"seq": 4, "answers": choices}), content_type="application/json",
        HTTP_ACCEPT="application/json")
    run("second submit", "post", submit, data=json.dumps({"seq": 5}),
        content_type="application/json", HTTP_ACCEPT="application/json")
    connection.close()
    common.drop_database(url)
    print(json.dumps(counts, ensure_ascii=False))


if __name__ == "__main__":
    main(quiet="--quiet" in sys.argv)
