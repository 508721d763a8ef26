"""Section ``page``: what a logged-in employee pays per page.

For each page: the SQL queries of one request (Django's test client in this
process, ``CaptureQueriesContext``), then p50/p95 over N sequential requests
through gunicorn (real HTTP, keep-alive, several workers, PostgreSQL, DEBUG
off, the Redis cache), pages interleaved so drift hits all of them alike.
The baselines run on the same server in the same run: a bare Wagtail
``Page`` (Wagtail's own template, no portal chrome) and a trivial Django
view behind the portal's middleware. Then the throughput (requests/s at
concurrency 8) of the trivial view and of an anonymous read of a policy page.
"""
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

WORKERS = 3  # 2 cores: 2n - 1 sync workers leave the client and PostgreSQL some room


def build_pages():
    """The URLs to measure, and the employee's session."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Site

    from assessments.models import ExamPage
    from policies.models import PolicyIndexPage, PolicyPage
    from tests.factories import make_exam, make_question

    root = Site.objects.get(is_default_site=True).root_page
    plain = root.add_child(instance=Page(title="基准空白页", slug="bench-plain"))
    plain.save_revision().publish()
    exam = ExamPage.objects.live().first() or make_exam(
        [make_question("single", text=f"基准题 {n}") for n in range(10)], title="基准考试")
    longest = max(PolicyPage.objects.live(), key=lambda p: len(p.body_text()))
    pages = {
        "plain Wagtail page": plain.url,
        "trivial Django view": "/bench/trivial/",
        "home": "/",
        "long regulation": longest.url,
        "制度库 listing": PolicyIndexPage.objects.live().first().url,
        "search 培训计划": "/search/?q=培训计划",
        "exam page": exam.url,
    }
    employee = get_user_model().objects.get(username="employee")
    return pages, employee, longest.url


def count_queries(pages, employee):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(employee)
    counts, statuses = {}, {}
    for name, url in pages.items():
        client.get(url)  # first request: caches filled, as on a running server
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[name], statuses[name] = len(queries), response.status_code
    return counts, statuses


async def sequential(base, pages, headers, rounds):
    import aiohttp

    times = {name: [] for name in pages}
    statuses = {name: set() for name in pages}
    async with aiohttp.ClientSession(base, headers=headers, cookie_jar=aiohttp.DummyCookieJar()) as http:
        for _ in range(3):  # warm every worker
            for url in pages.values():
                async with http.get(url, allow_redirects=False) as response:
                    await response.read()
        for _ in range(rounds):
            for name, url in pages.items():
                started = time.perf_counter()
                async with http.get(url, allow_redirects=False) as response:
                    await response.read()
                times[name].append(time.perf_counter() - started)
                statuses[name].add(response.status)
    return times, statuses


async def throughput(base, url, headers, total, concurrency=8):
    import aiohttp

    done, statuses = 0, set()
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(base, headers=headers, connector=connector,
                                     cookie_jar=aiohttp.DummyCookieJar()) as http:
        async def one():
            async with http.get(url, allow_redirects=False) as response:
                await response.read()
                statuses.add(response.status)

        await asyncio.gather(*(one() for _ in range(concurrency * 2)))  # warm-up
        queue = iter(range(total))

        async def lane():
            nonlocal done
            for _ in queue:
                await one()
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(lane() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"requests": done, "seconds": round(elapsed, 2), "rps": round(done / elapsed, 1),
            "status": sorted(statuses)}


def main():
    url = common.clone_database("page")
    common.setup_django(url)
    pages, employee, policy_url = build_pages()
    counts, first_status = count_queries(pages, employee)
    session = common.session_cookie(employee)
    rounds = common.PARAMS["page_requests"]
    with common.redis_server() as redis_url, \
            common.servers(url, 1, WORKERS, {"REDIS_URL": redis_url}, "page") as (server,):
        times, statuses = asyncio.run(sequential(server.base, pages, common.cookies(session), rounds))
        trivial_rps = asyncio.run(throughput(server.base, pages["trivial Django view"], common.cookies(session),
                                             common.PARAMS["throughput_requests"]))
        anonymous_rps = asyncio.run(throughput(server.base, policy_url, {}, common.PARAMS["throughput_requests"]))
        anonymous_times, anonymous_status = asyncio.run(sequential(server.base, {"anonymous": policy_url}, {}, rounds))
        rss = common.rss_mb(server.pids())
    plain = common.pct(times["plain Wagtail page"], 50)
    trivial = common.pct(times["trivial Django view"], 50)
    rows = []
    for name in pages:
        p50 = common.pct(times[name], 50)
        rows.append({
            "page": name, "url": pages[name], "queries": counts[name], "status": sorted(statuses[name]),
            **{k: v for k, v in common.summary_ms(times[name]).items() if k in ("n", "p50", "p95")},
            "x_plain": round(p50 / plain, 2), "x_trivial": round(p50 / trivial, 2),
        })
    anonymous = {
        "url": policy_url, "status": sorted(anonymous_status["anonymous"]),
        **{k: v for k, v in common.summary_ms(anonymous_times["anonymous"]).items() if k in ("n", "p50", "p95")},
        "rps": anonymous_rps["rps"], "trivial_rps": trivial_rps["rps"],
        "x_trivial_throughput": round(anonymous_rps["rps"] / trivial_rps["rps"], 2),
        "note": ("302 = the portal sends anonymous readers to the login page: there is no public, "
                 "cached read of a policy yet" if anonymous_rps["status"] == [302] else ""),
    }
    common.write_result("page", {
        "server": {"app_servers": 1, "workers": WORKERS, "rss_mb": rss},
        "requests_per_page": rounds, "pages": rows, "anonymous_policy": anonymous,
        "throughput": {"trivial": trivial_rps, "anonymous_policy": anonymous_rps},
        "first_status": first_status,
    })


if __name__ == "__main__":
    main()
