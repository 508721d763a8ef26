"""``make bench``: prepare the bench database, run every section in its own
process, write ``bench/results/latest.json`` and print the table with the
targets as pass/fail.

    BENCH_SIZE=small .venv/bin/python bench/run.py          # a few minutes
    .venv/bin/python bench/run.py                            # full size: long
    .venv/bin/python bench/run.py page exam                  # some sections
    .venv/bin/python bench/run.py --table bench/results/before.json   # print a saved run
    .venv/bin/python bench/run.py --collect page exam                 # latest.json from var/bench/*.json

Needs PostgreSQL (``BENCH_DATABASE_URL``, default
``postgresql://postgres@127.0.0.1:5432/bench``; the bench creates and drops
``<name>_<section>`` databases there, so never point it at a database you
keep) and ``redis-server`` (started on a free loopback port per section).
Sections: see each ``bench/<section>_bench.py``. A section that fails is
reported and the others still run; the exit status is then non-zero.
"""
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

SECTIONS = ["page", "exam", "search", "pdf", "grades", "redline"]


def ensure_postgresql():
    if subprocess.call(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]) != 0:
        version = max(os.listdir("/etc/postgresql"), key=lambda v: int(v))
        subprocess.check_call(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"])


def machine():
    import django
    import psutil
    import wagtail

    def out(*command):
        try:
            return subprocess.run(command, capture_output=True, text=True, check=False, cwd=common.ROOT).stdout.strip()
        except OSError:
            return ""

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(), "django": django.get_version(), "wagtail": wagtail.__version__,
        "postgresql": out("psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "show server_version"),
        "redis": out("redis-server", "--version").split(" ")[2].removeprefix("v=") if out("redis-server", "--version") else "",
        "gunicorn": out(str(Path(sys.executable).parent / "gunicorn"), "--version"),
        "commit": out("git", "rev-parse", "--short", "HEAD"),
        "dirty": bool(out("git", "status", "--porcelain", "--untracked-files=no")),
    }


def run_section(name):
    result = common.WORK / f"{name}.json"
    result.unlink(missing_ok=True)
    print(f"=== {name} ===", flush=True)
    started = time.perf_counter()
    code = subprocess.call([sys.executable, str(common.ROOT / "bench" / f"{name}_bench.py")], cwd=common.ROOT)
    elapsed = time.perf_counter() - started
    print(f"=== {name}: {'ok' if code == 0 else f'FAILED (exit {code})'} in {elapsed:.0f} s ===", flush=True)
    if code or not result.exists():
        return {"section": name, "error": f"exit {code}", "wall_s": round(elapsed)}
    data = json.loads(result.read_text())
    data["wall_s"] = round(elapsed)
    if not (name == "search" and os.environ.get("BENCH_REUSE") == "1"):  # the kept corpus (search_bench.py)
        common.drop_database(common.database_url(name))
    return data


# ---- targets (for the engineer who makes the hot paths fast; never asserted in tests) ----


def _mark(ok):
    return "—" if ok is None else ("PASS" if ok else "FAIL")


def targets(results):
    """(target, measured, pass/fail) rows."""
    rows = []
    page = results.get("page", {})
    if "pages" in page:
        for row in page["pages"]:
            if row["page"] in ("plain Wagtail page", "trivial Django view"):
                continue
            rows.append((f"page {row['page']}: p50 ≤ 2× plain Wagtail", f"{row['x_plain']}×", row["x_plain"] <= 2))
        anonymous = page["anonymous_policy"]
        ok = anonymous["status"] == [200] and anonymous["x_trivial_throughput"] >= 0.5
        rows.append(("anonymous cached policy page ≥ 0.5× trivial view req/s",
                     f"{anonymous['x_trivial_throughput']}× (HTTP {','.join(map(str, anonymous['status']))})", ok))
    exam = results.get("exam", {})
    if "steps" in exam:
        rows.append(("exam autosave p95 ≤ 200 ms", f"{exam['steps']['autosave'].get('p95')} ms",
                     (exam["steps"]["autosave"].get("p95") or 1e9) <= 200))
        rows.append(("exam submit p95 ≤ 500 ms", f"{exam['steps']['submit'].get('p95')} ms",
                     (exam["steps"]["submit"].get("p95") or 1e9) <= 500))
        rows.append(("exam answers lost = 0", str(exam["answers_lost"]), exam["answers_lost"] == 0))
        rows.append(("exam duplicate submissions = 0", str(exam["duplicate_submissions"]),
                     exam["duplicate_submissions"] == 0))
    grades = results.get("grades", {})
    if "seconds" in grades:
        projected = grades["seconds"] * 10000 / grades["people"]
        label = f"{grades['seconds']} s" if grades["people"] == 10000 else \
            f"{grades['seconds']} s for {grades['people']} → {projected:.0f} s projected"
        rows.append(("grades for 10,000 people ≤ 10 s", label, projected <= 10))
    search = results.get("search", {})
    if "rows" in search:
        site = search["rows"]["site search"]
        rows.append((f"search p95 ≤ 50 ms at 10k, recall 1.00 (corpus {search['corpus']})",
                     f"{site['p95']} ms, recall {site['recall']:.2f}", site["p95"] <= 50 and site["recall"] >= 1))
    return rows


# ---- the table --------------------------------------------------------------


def pad(text, width):
    """``text`` left-aligned in ``width`` terminal columns (a Chinese character takes two)."""
    import unicodedata

    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def table(results):
    lines = []
    add = lines.append
    m = results.get("machine", {})
    add(f"bench {results.get('size')} · {m.get('cpu')} · {m.get('cores')} cores · {m.get('memory_gb')} GiB · "
        f"Python {m.get('python')} · Django {m.get('django')} · Wagtail {m.get('wagtail')} · "
        f"PostgreSQL {m.get('postgresql')} · Redis {m.get('redis')} · {m.get('gunicorn')} · "
        f"commit {m.get('commit')}{' (dirty)' if m.get('dirty') else ''} · load at start {m.get('load_avg_at_start')}")
    page = results.get("page", {})
    if "pages" in page:
        s = page["server"]
        add("")
        add(f"page — logged-in employee; {page['requests_per_page']} sequential requests per page through gunicorn "
            f"({s['app_servers']} server × {s['workers']} workers, RSS {s['rss_mb']} MB), queries from one request")
        add(f"  {'page':24} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'×plain':>7} {'×trivial':>9}  status")
        for row in page["pages"]:
            add(f"  {pad(row['page'], 24)} {row['queries']:>7} {row['p50']:>8} {row['p95']:>8} {row['x_plain']:>7} "
                f"{row['x_trivial']:>9}  {','.join(map(str, row['status']))}")
        a = page["anonymous_policy"]
        add(f"  anonymous policy page: HTTP {','.join(map(str, a['status']))}, p50 {a['p50']} ms, {a['rps']} req/s "
            f"vs trivial view {a['trivial_rps']} req/s (×{a['x_trivial_throughput']}) at concurrency 8")
        if a.get("note"):
            add(f"    {a['note']}")
    exam = results.get("exam", {})
    if "steps" in exam:
        s = exam["server"]
        add("")
        add(f"exam — {exam['trainees']} trainees × {exam['answers_each']} autosaves + submit, concurrency "
            f"{exam['concurrency']}, {s['app_servers']} app servers × {s['workers_each']} workers, one PostgreSQL")
        add(f"  {'step':10} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
        for step, row in exam["steps"].items():
            add(f"  {step:10} {row.get('n', 0):>7} {row.get('p50', ''):>8} {row.get('p95', ''):>8} {row.get('p99', ''):>8}")
        add(f"  {exam['requests']} requests in {exam['seconds']} s = {exam['rps']} req/s; answers lost "
            f"{exam['answers_lost']} of {exam['answers_acknowledged']} acknowledged; duplicate submissions "
            f"{exam['duplicate_submissions']}; not handed in {exam['not_handed_in']}; retries {exam['retries']}; "
            f"failed trainees {exam['failed_trainees']}")
    search = results.get("search", {})
    if "rows" in search:
        add("")
        add(f"search — {search['corpus']} policy pages ({search['visible_to_reader']} visible to the employee), "
            f"{search['phrases']} bench phrases; generated in {search['generate_s']} s; process RSS "
            f"{search['rss_mb']} MB (max {search['max_rss_mb']} MB)")
        add(f"  {'':26} {'recall':>7} {'p50 ms':>8} {'p95 ms':>8} {'index s':>8}")
        for name, row in search["rows"].items():
            add(f"  {name:26} {row['recall']:>7.2f} {row['p50']:>8} {row['p95']:>8} {row['index_s']:>8}")
        add(f"  pages containing: {', '.join(f'{k} {v}' for k, v in search['matches'].items())}")
        if search.get("site_search_misses"):
            add(f"  site search missed: {', '.join(search['site_search_misses'])}")
    pdf = results.get("pdf", {})
    if "first_s" in pdf:
        add("")
        add(f"pdf — {pdf['policy']} ({pdf['body_chars']} characters, {pdf.get('pdf_pages')} pages): first "
            f"{pdf['first_s'] * 1000:.0f} ms, cached {pdf['cached_s'] * 1000:.1f} ms, WeasyPrint warm-up "
            f"{pdf['warmup_s'] * 1000:.0f} ms")
    grades = results.get("grades", {})
    if "seconds" in grades:
        add("")
        add(f"grades — {grades['people']} people recorded, confirmed and paid in {grades['seconds']} s "
            f"({grades['per_person_ms']} ms each: record {grades['steps_s']['record']} s, confirm "
            f"{grades['steps_s']['confirm']} s, pay {grades['steps_s']['pay']} s)")
    redline = results.get("redline", {})
    if "first_ms" in redline:
        add("")
        add(f"redline — {redline['policy']} ({redline['body_chars']} characters, {redline['changed_parts']} "
            f"parts changed): first {redline['first_ms']} ms, warm {redline['warm_ms']} ms")
    failed = [name for name, data in results.get("sections", {}).items() if "error" in data]
    if failed:
        add("")
        add(f"FAILED sections: {', '.join(failed)} (see their output above)")
    for note in results.get("notes", []):
        add(f"note: {note}")
    rows = targets(results.get("sections", {}))
    if rows:
        add("")
        add("targets (for the next engineer; reported, never asserted)")
        for target, measured, ok in rows:
            add(f"  {_mark(ok):4}  {pad(target, 62)} {measured}")
    return "\n".join(lines)


def main(argv):
    if argv[:1] == ["--table"]:
        results = json.loads(Path(argv[1]).read_text())
        print(table({**results, **results.get("sections", {})}))
        return 0
    names = [a for a in argv if not a.startswith("-")] or SECTIONS
    if "--collect" in argv:
        # Sections run one by one (bench/<name>_bench.py) left their results in var/bench/.
        results = {"size": common.SIZE, "params": common.PARAMS, "machine": machine(), "collected": True,
                   "sections": {name: json.loads((common.WORK / f"{name}.json").read_text())
                                for name in names if (common.WORK / f"{name}.json").exists()}}
        common.RESULTS.mkdir(parents=True, exist_ok=True)
        (common.RESULTS / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
        print(table({**results, **results["sections"]}))
        return 0
    unknown = set(names) - set(SECTIONS)
    if unknown:
        sys.exit(f"unknown sections: {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    ensure_postgresql()
    started = time.perf_counter()
    subprocess.check_call([sys.executable, str(common.ROOT / "bench" / "prepare.py")], cwd=common.ROOT)
    results = {"size": common.SIZE, "params": common.PARAMS, "machine": machine(),
               "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "sections": {}}
    for name in names:
        results["sections"][name] = run_section(name)
    results["wall_s"] = round(time.perf_counter() - started)
    common.RESULTS.mkdir(parents=True, exist_ok=True)
    (common.RESULTS / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print()
    print(table({**results, **results["sections"]}))
    print(f"\nwrote bench/results/latest.json ({results['wall_s']} s)")
    return 1 if any("error" in data for data in results["sections"].values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
