"""Faults, on loopback, against the production setup (gunicorn, Redis cache
and broker, a Celery worker, PostgreSQL), each checked by what users would
notice. Writes ``var/bench/faults.json`` and prints what happened.

    .venv/bin/python bench/faults.py [app_server redis postgres] [--trainees N]

* ``app_server``: two app servers; during an exam load (N trainees, default
  60, 50 autosaves and a submit each, concurrency 32) one of them is killed
  (SIGKILL, master and workers). Clients fail over to the other, as behind a
  load balancer. Checked: no acknowledged answer lost, no duplicate
  submission, every attempt handed in.
* ``redis``: Redis is cache and broker; a Celery worker consumes both queues
  and Celery beat runs the schedule (the outbox's per-minute sweep), as in
  the Procfile.
  Redis is stopped; a substantive new version of a policy is published (the
  code path of Wagtail's publish, in this process) and an employee
  acknowledges a policy over HTTP. Checked: both succeed. Redis comes back;
  within two minutes, were the announcements of that version delivered (the
  worker's notifications in the database)? A version published before Redis
  stopped is the control: its announcements must arrive. ``ok`` needs both.
* ``postgres``: PostgreSQL is restarted under a running app server with
  persistent connections (``CONN_MAX_AGE``, ``CONN_HEALTH_CHECKS``).
  Checked: requests succeed again without restarting the app server; how
  many failed while the database was down.

PostgreSQL here is a cluster of the bench's own (``faults``, port 5434,
created with pg_createcluster if missing and loaded from the prepared bench
database), so restarting it disturbs nobody else's databases.
"""
import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, exam_bench

PG_VERSION = max(os.listdir("/etc/postgresql"), key=int) if os.path.isdir("/etc/postgresql") else "15"
CLUSTER, PORT = "faults", 5434
URL = f"postgresql://postgres@127.0.0.1:{PORT}/faults"


def sh(*command, check=True):
    return subprocess.run(command, check=check, capture_output=True, text=True)


def ensure_cluster():
    """The bench's own PostgreSQL cluster on port 5434, with a fresh copy of the bench database."""
    clusters = sh("pg_lsclusters", "-h").stdout
    if not any(line.split()[:2] == [PG_VERSION, CLUSTER] for line in clusters.splitlines()):
        sh("pg_createcluster", PG_VERSION, CLUSTER, "--port", str(PORT))
        # Connections as on the main cluster (trust on loopback, as this machine is set up).
        sh("cp", f"/etc/postgresql/{PG_VERSION}/main/pg_hba.conf", f"/etc/postgresql/{PG_VERSION}/{CLUSTER}/pg_hba.conf")
    if sh("pg_isready", "-q", "-h", "127.0.0.1", "-p", str(PORT), check=False).returncode != 0:
        sh("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, CLUSTER, "start")
    base = common.database_name(common.database_url("base"))
    psql = ["psql", "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres", "-q"]
    subprocess.run([*psql, "-c", "DROP DATABASE IF EXISTS faults WITH (FORCE)"], check=True)
    subprocess.run([*psql, "-c", "CREATE DATABASE faults"], check=True)
    dump = subprocess.Popen(["pg_dump", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-Fc", base],
                            stdout=subprocess.PIPE)
    subprocess.run(["pg_restore", "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres", "-d", "faults",
                    "--no-owner"], stdin=dump.stdout, check=True)
    dump.wait()


def restart_postgres():
    sh("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, CLUSTER, "restart", "-m", "fast")


# ---- 1. an app server dies during an exam ------------------------------------------


def app_server_fault(trainees):
    exam_url, exam_pk, people = exam_bench.build_exam(trainees, 50)
    with common.redis_server() as redis_url, \
            common.servers(URL, 2, 2, {"REDIS_URL": redis_url}, "faults-exam") as (victim, survivor):
        bases = [victim.base, survivor.base]
        flow = exam_bench.Flow()
        killed = {}

        async def killer():
            total = trainees * 52
            while flow.requests < total * 0.3:
                await asyncio.sleep(0.2)
            killed["after_requests"] = flow.requests
            killed["at"] = time.perf_counter()
            victim.kill()

        async def both():
            load = asyncio.create_task(exam_bench.run_load(bases, exam_url, people, 50, 32, flow))
            await killer()
            return await load

        flow, seconds = asyncio.run(both())
    checked = exam_bench.verify(exam_pk, people, flow)
    result = {"trainees": trainees, "killed_after_requests": killed.get("after_requests"),
              **exam_bench.report(flow, seconds, checked)}
    result["ok"] = (checked["answers_lost"] == 0 and checked["duplicate_submissions"] == 0
                    and checked["not_handed_in"] == 0 and flow.failed_trainees == 0)
    return result


# ---- 2. Redis stops ---------------------------------------------------------------


def redis_fault():
    from django.contrib.auth import get_user_model

    from policies.models import Acknowledgement, AcknowledgementTask, PolicyPage
    from tests.factories import publish_new_version

    port = common.free_port()
    redis_cmd = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    redis = subprocess.Popen(redis_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    env = {"REDIS_URL": f"redis://127.0.0.1:{port}/0", "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/1",
           "BENCH_CELERY": "1"}
    os.environ.update(env)  # this process publishes with the same broker
    from celery import current_app

    current_app.conf.broker_url = env["CELERY_BROKER_URL"]
    current_app.conf.task_always_eager = False
    worker_log = open(common.WORK / "logs" / "faults-worker.log", "ab")  # noqa: SIM115 (open while the worker runs)
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "--app", "portal", "worker", "--queues", "celery,pdf",
         "--concurrency", "1", "--loglevel", "INFO"],
        cwd=common.ROOT, env={**os.environ, "DATABASE_URL": URL, "DJANGO_SETTINGS_MODULE": common.SETTINGS, **env},
        stdout=worker_log, stderr=subprocess.STDOUT)
    beat = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "--app", "portal", "beat", "--schedule",
         str(common.WORK / "faults-celerybeat-schedule"), "--loglevel", "INFO"],
        cwd=common.ROOT, env={**os.environ, "DATABASE_URL": URL, "DJANGO_SETTINGS_MODULE": common.SETTINGS, **env},
        stdout=worker_log, stderr=subprocess.STDOUT)
    result = {}
    try:
        with common.servers(URL, 1, 2, env, "faults-redis") as (server,):
            User = get_user_model()
            employee = User.objects.get(username="employee")
            session = common.session_cookie(employee)
            policies = list(PolicyPage.objects.live().order_by("document_number"))
            control, policy = policies[1], policies[0]
            # The employee acknowledges a policy they have an open task for.
            other = next((page for page in policies[2:]
                          if AcknowledgementTask.objects.filter(user=employee, version__page=page).exists()
                          and not Acknowledgement.objects.filter(user=employee, version__page=page).exists()),
                         policies[-1])
            approver = User.objects.get(username="admin")  # publishes; the fault is the broker, not permissions
            ready = time.monotonic() + 90  # the worker answers (and consumes both queues)
            while _health(server.base)["status"] != 200 and time.monotonic() < ready:
                time.sleep(1)
            # Control, with Redis up: the worker delivers a version's announcements.
            publish_new_version(control, "故障演练：Redis 正常时发布", revision_kind="substantive", user=approver)
            result["control_with_redis_up"] = _announcements(control, wait=90)
            redis.terminate()
            redis.wait(10)
            result["redis_stopped"] = True
            # Publishing: a substantive version, acknowledgement tasks and, after commit, the announcement task.
            started = time.perf_counter()
            try:
                publish_new_version(policy, "故障演练：Redis 停止时发布", revision_kind="substantive", user=approver)
                result["publish"] = {"ok": True, "seconds": round(time.perf_counter() - started, 2)}
            except Exception as error:  # noqa: BLE001 (the finding is whether it raises)
                result["publish"] = {"ok": False, "error": repr(error)[:300]}
            version = PolicyPage.objects.get(pk=policy.pk).versions.order_by("-number").first()
            result["acknowledgement_tasks_created"] = AcknowledgementTask.objects.filter(version=version).count()
            # Reading and acknowledging over HTTP while Redis is down.
            page_status = _get(server.base + other.url, session)
            result["page_while_redis_down"] = page_status
            number = other.versions.order_by("-number").first().number
            result["acknowledge_while_redis_down"] = _post(
                server.base + other.url + "acknowledge/", session, {"version": str(number)})
            result["acknowledgement_recorded"] = Acknowledgement.objects.filter(
                user=employee, version__page=other, version__number=number).exists()
            result["health_while_redis_down"] = _health(server.base)
            # Redis comes back on the same port; the worker reconnects.
            redis = subprocess.Popen(redis_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(5)
            result["health_5s_after_redis_returns"] = _health(server.base)
            result["announcements_after_redis_returned"] = _announcements(policy, wait=120)
            result["health_after_announcements"] = _health(server.base)
            expected = result["announcements_after_redis_returned"]["expected"]
            delivered = result["announcements_after_redis_returned"]["delivered"]
            result["ok"] = (result["publish"]["ok"] and result["page_while_redis_down"] == 200
                            and result["acknowledge_while_redis_down"] == 302 and result["acknowledgement_recorded"]
                            and result["control_with_redis_up"]["delivered"] == result["control_with_redis_up"]["expected"]
                            and expected > 0 and delivered == expected)
            result["finding"] = (
                f"only {delivered} of {expected} announcements of the version published while Redis was down "
                "arrived within two minutes of its return"
                if delivered < expected else "")
    finally:
        beat.terminate()
        beat.wait(30)
        worker.terminate()
        worker.wait(30)
        redis.terminate()
        redis.wait(10)
    return result


def _health(base):
    """The status of /health/ and the checks that failed."""
    try:
        with urllib.request.urlopen(base + "/health/?format=json", timeout=30) as response:
            return {"status": response.status, "failing": []}
    except urllib.error.HTTPError as error:
        checks = json.loads(error.read() or b"{}")
        return {"status": error.code, "failing": sorted(k for k, v in checks.items() if v != "OK")}


def _announcements(policy, wait):
    """How many of the newest version's announcements the worker has created, waiting up to ``wait`` s."""
    from people.models import Notification
    from policies.models import AcknowledgementTask
    from policies.reminders import announce_key

    version = policy.versions.order_by("-number").first()
    keys = [announce_key(task) for task in AcknowledgementTask.objects.filter(version=version)]
    deadline = time.monotonic() + wait
    while True:
        delivered = Notification.objects.filter(dedupe_key__in=keys).count()
        if delivered >= len(keys) or time.monotonic() > deadline:
            return {"version": version.number, "expected": len(keys), "delivered": delivered,
                    "waited_s": wait if delivered < len(keys) else None}
        time.sleep(1)


def _request(url, session, data=None):
    headers = common.cookies(session) if session else {}
    body = None
    if data is not None:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": common.CSRF}).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, data=body, headers=headers), timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _get(url, session):
    return _request(url, session)


def _post(url, session, data):
    return _request(url, session, data)


# ---- 3. PostgreSQL restarts --------------------------------------------------------


def postgres_fault():
    from django.contrib.auth import get_user_model

    employee = get_user_model().objects.get(username="employee")
    session = common.session_cookie(employee)
    from django.db import connections

    connections.close_all()
    with common.redis_server() as redis_url, \
            common.servers(URL, 1, 2, {"REDIS_URL": redis_url}, "faults-pg") as (server,):
        url = server.base + "/my/tasks/"
        before = [_get(url, session) for _ in range(10)]
        started = time.perf_counter()
        restart_postgres()
        restarted = time.perf_counter() - started
        statuses, recovered_after = [], None
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            status = _get(url, session)
            statuses.append(status)
            if status == 200 and recovered_after is None:
                recovered_after = time.perf_counter() - started
            if status == 200 and statuses[-5:] == [200] * 5:
                break
            time.sleep(0.1)
        after = [_get(url, session) for _ in range(20)]
        same_server = server.process.poll() is None
    return {
        "before": sorted(set(before)), "restart_seconds": round(restarted, 2),
        "failed_requests_after_restart": sum(1 for s in statuses if s != 200),
        "recovered_after_s": round(recovered_after, 2) if recovered_after else None,
        "after": {str(s): after.count(s) for s in set(after)}, "app_server_not_restarted": same_server,
        "ok": same_server and after.count(200) == len(after),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("faults", nargs="*", default=["app_server", "redis", "postgres"])
    parser.add_argument("--trainees", type=int, default=60)
    args = parser.parse_args()
    ensure_cluster()
    common.setup_django(URL)
    (common.WORK / "logs").mkdir(parents=True, exist_ok=True)
    results = {}
    for fault in args.faults:
        print(f"=== fault: {fault} ===", flush=True)
        if fault == "app_server":
            results[fault] = app_server_fault(args.trainees)
        elif fault == "redis":
            results[fault] = redis_fault()
        elif fault == "postgres":
            results[fault] = postgres_fault()
        else:
            sys.exit(f"unknown fault {fault!r}")
        print(json.dumps(results[fault], ensure_ascii=False, indent=2), flush=True)
    previous = common.WORK / "faults.json"
    if previous.exists():  # a run of some faults keeps the others' last results
        results = {**json.loads(previous.read_text()).get("results", {}), **results}
    common.write_result("faults", {"results": results})
    return 0 if all(r.get("ok") for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
