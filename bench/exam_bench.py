"""Section ``exam``: N trainees take a written exam at once.

Each simulated trainee (its own session) starts the exam (``start/``), opens
the paper (``attempt/<id>/``), autosaves one answer at a time with sequence
numbers 1…50 (the page script's protocol: JSON ``{"seq", "answers"}``, posted to
the save URL the paper's page gives its script) and hands in (JSON, to its
submit URL). ``concurrency`` trainees run at once,
against two gunicorn app servers sharing one PostgreSQL; a trainee sticks to
one server and, when it fails (connection refused, reset, 502/503), retries
the same request on the other one, as a load balancer would.

Afterwards the database is checked against what the clients were told:
*answers lost* = answers acknowledged (200, or a 409 saying the server
already has a newer sequence number) but missing or different in the handed-in
attempt; *duplicate submissions* = more than one attempt for a trainee, or
more than one submit answered ``changed: true``.

``bench/faults.py`` reuses this load while it kills an app server.
"""
import asyncio
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

APP_SERVERS, WORKERS = 2, 2
RADIO = re.compile(r'name="answer-([^"]+)" value="([^"]*)"')
#: The page script's settings (``json_script``): where it autosaves and hands in.
CONFIG = re.compile(r'<script id="exam-config" type="application/json">(.*?)</script>', re.S)


def script_urls(html):
    """(save URL, submit URL) as the paper's page gives them to its script."""
    config = json.loads(CONFIG.search(html).group(1))
    return config["save"], config["submit"]


def build_exam(trainees, questions):
    """A published exam of ``questions`` single-choice questions, ``trainees``
    users with a session each; returns (exam url, exam pk, [(user pk, session key)])."""
    from tests.factories import make_exam, make_question, make_user

    exam = make_exam([make_question("single", text=f"基准单选题 {n}：PLC 的中文是？") for n in range(questions)],
                     title="基准书面考试", time_limit_minutes=180, shuffle_questions=True)
    people = []
    for n in range(trainees):
        user = make_user(f"bench_trainee_{n:04d}")
        people.append((user.pk, common.session_cookie(user)))
    return exam.url, exam.pk, people


class Flow:
    """What the clients saw: durations per step, acknowledged answers, submits."""

    def __init__(self):
        self.times = defaultdict(list)
        self.acknowledged = defaultdict(dict)  # user pk -> {question key: option key}
        self.changed_submits = defaultdict(int)
        self.attempt_ids = {}
        self.errors = defaultdict(int)
        self.retries = 0
        self.requests = 0
        self.failed_trainees = 0


async def _request(http, bases, lane, method, path, flow, step, **kwargs):
    """One request with failover: ``lane`` is the trainee's server; on a
    connection error or 502/503 the next server is tried. Returns (status, text, headers)."""
    import aiohttp

    last = None
    for attempt in range(6):
        base = bases[(lane + attempt) % len(bases)]
        started = time.perf_counter()
        try:
            async with http.request(method, base + path, allow_redirects=False, **kwargs) as response:
                text = await response.text()
                flow.requests += 1
                if response.status in (502, 503):
                    raise aiohttp.ClientResponseError(response.request_info, (), status=response.status)
                flow.times[step].append(time.perf_counter() - started)
                return response.status, text, response.headers
        except (TimeoutError, aiohttp.ClientError, ConnectionError) as error:
            last = error
            flow.errors[f"{step}: {type(error).__name__}"] += 1
            flow.retries += 1
            await asyncio.sleep(0.05 * (attempt + 1))
    raise RuntimeError(f"{step} failed on every server: {last!r}")


async def trainee(http, bases, lane, exam_url, user_pk, session, answers, flow):
    headers = common.cookies(session)
    status, _, location = await _request(
        http, bases, lane, "POST", f"{exam_url}start/", flow, "start",
        data={"csrfmiddlewaretoken": common.CSRF}, headers=headers)
    target = location.get("Location", "")
    match = re.search(r"/attempt/(\d+)/", target)
    if status != 302 or not match:
        raise RuntimeError(f"start answered {status} → {target!r}")
    attempt_path = f"{exam_url}attempt/{match.group(1)}/"
    flow.attempt_ids[user_pk] = int(match.group(1))
    status, html, _ = await _request(http, bases, lane, "GET", attempt_path, flow, "take", headers=headers)
    if status != 200:
        raise RuntimeError(f"the paper answered {status}")
    choices = {}
    for key, value in RADIO.findall(html):
        choices.setdefault(key, value)
    save_url, submit_url = script_urls(html)
    json_headers = {**headers, "Content-Type": "application/json", "Accept": "application/json"}
    for seq, (key, value) in enumerate(list(choices.items())[:answers], start=1):
        body = json.dumps({"seq": seq, "answers": {key: value}})
        status, text, _ = await _request(http, bases, lane, "POST", save_url, flow, "autosave",
                                         data=body, headers=json_headers)
        reply = json.loads(text) if text.startswith("{") else {}
        if status == 200 or (status == 409 and reply.get("seq", 0) >= seq):
            flow.acknowledged[user_pk][key] = value
        else:
            flow.errors[f"autosave: HTTP {status}"] += 1
    status, text, _ = await _request(http, bases, lane, "POST", submit_url, flow, "submit",
                                     data=json.dumps({"seq": answers + 1}), headers=json_headers)
    reply = json.loads(text) if text.startswith("{") else {}
    if status != 200 or not reply.get("submitted"):
        raise RuntimeError(f"submit answered {status}: {text[:200]}")
    if reply.get("changed"):
        flow.changed_submits[user_pk] += 1


async def run_load(bases, exam_url, people, answers, concurrency, flow=None):
    """Every trainee's flow, ``concurrency`` at once; returns (flow, seconds)."""
    import aiohttp

    flow = flow or Flow()
    semaphore = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency * 2)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     cookie_jar=aiohttp.DummyCookieJar()) as http:
        async def one(index, user_pk, session):
            async with semaphore:
                try:
                    await trainee(http, bases, index % len(bases), exam_url, user_pk, session, answers, flow)
                except Exception as error:  # noqa: BLE001 (counted and reported; the others go on)
                    flow.failed_trainees += 1
                    flow.errors[f"trainee: {error}"[:120]] += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(i, pk, s) for i, (pk, s) in enumerate(people)))
        return flow, time.perf_counter() - started


def verify(exam_pk, people, flow):
    """Compare the database with what the clients were told."""
    from django.db import close_old_connections

    from assessments import attempts as engine
    from assessments.models import AttemptStatus, ExamAttempt

    close_old_connections()
    lost = duplicates = not_handed_in = 0
    for user_pk, _ in people:
        attempts = list(ExamAttempt.objects.filter(exam_id=exam_pk, user_id=user_pk))
        if len(attempts) > 1 or flow.changed_submits[user_pk] > 1:
            duplicates += 1
        if not attempts:
            lost += len(flow.acknowledged[user_pk])
            continue
        attempt = attempts[0]
        if attempt.status == AttemptStatus.IN_PROGRESS:
            not_handed_in += 1
        saved = engine.saved_responses(attempt)
        lost += sum(1 for key, value in flow.acknowledged[user_pk].items() if saved.get(key) != value)
    return {"answers_lost": lost, "duplicate_submissions": duplicates, "not_handed_in": not_handed_in,
            "answers_acknowledged": sum(len(a) for a in flow.acknowledged.values())}


def report(flow, seconds, checked):
    return {
        "steps": {step: common.summary_ms(flow.times[step]) for step in ("start", "take", "autosave", "submit")},
        "requests": flow.requests, "seconds": round(seconds, 1), "rps": round(flow.requests / seconds, 1),
        "retries": flow.retries, "failed_trainees": flow.failed_trainees,
        "errors": dict(sorted(flow.errors.items(), key=lambda kv: -kv[1])[:10]), **checked,
    }


def main():
    params = common.PARAMS
    url = common.clone_database("exam")
    common.setup_django(url)
    exam_url, exam_pk, people = build_exam(params["trainees"], params["answers"])
    with common.redis_server() as redis_url, \
            common.servers(url, APP_SERVERS, WORKERS, {"REDIS_URL": redis_url}, "exam") as running:
        bases = [server.base for server in running]
        flow, seconds = asyncio.run(run_load(bases, exam_url, people, params["answers"], params["concurrency"]))
        rss = common.rss_mb([pid for server in running for pid in server.pids()])
    checked = verify(exam_pk, people, flow)
    common.write_result("exam", {
        "trainees": len(people), "answers_each": params["answers"], "concurrency": params["concurrency"],
        "server": {"app_servers": APP_SERVERS, "workers_each": WORKERS, "rss_mb": rss},
        **report(flow, seconds, checked),
    })


if __name__ == "__main__":
    main()
