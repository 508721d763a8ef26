"""Benchmark: the official PDF copy of the longest policy, first request
(rendered by the Celery task, eager) against a second request (served from
storage), measured in one run.

    .venv/bin/python bench/pdf_bench.py [--repeat 5] [--seeds DIR]

Sets up its own temporary SQLite database (portal.settings.test), imports the
seed regulations when the ``import_policies`` command exists (otherwise builds
a long policy itself) and times the ``pdf/`` route end to end with Django's
test client. A warm-up render of a small policy comes first, so that the
WeasyPrint import and font loading (once per worker process) are not
counted against the long policy; they are reported on their own line.
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


sys.path.insert(0, str(ROOT))

from bench import common


def setup_django(media):
    url = common.clone_database("pdf")
    common.setup_django(url, BENCH_MEDIA_ROOT=str(media))


def import_seeds(seed_dir):
    """The prepared bench database has the seed documents imported."""
    from policies.models import PolicyPage

    count = PolicyPage.objects.live().count()
    return f"{count} imported seed policies" if count else "no seed policies: built a long policy"


def build_long_policy():
    """A policy of about the size of the longest seed document: 12 chapters,
    180 articles with numbered items."""
    from tests.factories import make_policy

    sentences = [
        "培训主管机构负责制定年度、月度和临时培训计划，报总经理批准后实施。",
        "各部门应于每月二十五日前提交下月培训需求申请表，逾期视为无培训需求。",
        "受训人员须按时参加培训，迟到、早退、缺勤按公司考勤制度处理。",
        "书面考试和实际操作考核均以八十分为合格，不合格者可申请补考一次。",
        "培训档案由人资部统一归档保管，查阅须经部门负责人批准并登记。",
    ]
    parts = []
    for chapter in range(12):
        parts.append(("chapter", f"培训管理事项（{chapter + 1}）"))
        for article in range(15):
            text = "".join(sentences[(chapter + article + i) % len(sentences)] for i in range(3))
            parts.append(("article", text))
            if article % 5 == 0:
                parts.append(("item", "具体要求", sentences[article % len(sentences)]))
    return make_policy(
        title="售后服务人员培训管理办法（基准测试）", document_number="BENCH-001", parts=parts,
        drafted_by="常务副总", reviewed_by="人资部经理", approved_by="董事长",
    )


def longest_policy():
    from policies.models import PolicyPage

    pages = [p for p in PolicyPage.objects.live() if p.current_version is not None]
    return max(pages, key=lambda p: len(p.body_text())) if pages else None


def count_pages(content):
    try:
        from io import BytesIO

        from pypdf import PdfReader
    except ImportError:  # a development dependency
        return None
    return len(PdfReader(BytesIO(content)).pages)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="cached requests to time (median)")
    parser.add_argument("--seeds", default=None, help="ignored: the bench database has the seeds")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        setup_django(Path(tmp))
        from django.contrib.auth import get_user_model
        from django.test import Client

        from tests.factories import make_policy

        note = import_seeds(args.seeds)
        page = longest_policy()
        if page is None:
            page = build_long_policy()

        admin = get_user_model().objects.create_superuser("bench-admin", "", "bench-pass")
        client = Client()
        client.force_login(admin)

        warm = make_policy(title="预热用制度", document_number="BENCH-WARMUP")
        started = time.perf_counter()
        assert client.get(warm.url + "pdf/").status_code == 200
        warmup = time.perf_counter() - started

        url = page.url + "pdf/"
        started = time.perf_counter()
        response = client.get(url)
        first = time.perf_counter() - started
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response
        cached_times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            again = client.get(url)
            cached_times.append(time.perf_counter() - started)
            assert again.content == response.content
        cached = statistics.median(cached_times)

        pages = count_pages(response.content)
        chars = len(page.body_text())
        result = {
            "bench": "pdf",
            "policy": f"{page.document_number} {page.title}",
            "source": note,
            "body_chars": chars,
            "pdf_pages": pages,
            "pdf_bytes": len(response.content),
            "warmup_s": round(warmup, 3),
            "first_s": round(first, 3),
            "cached_s": round(cached, 4),
            "ratio": round(first / cached, 1) if cached else None,
        }
        print(f"PDF render, longest policy: {result['policy']} ({note})")
        print(f"  body {chars} characters → {pages or '?'} pages, {len(response.content) // 1024} KiB")
        print(f"  warm-up (WeasyPrint import, fonts, small policy): {warmup * 1000:.0f} ms")
        print(f"  first request (render + store): {first * 1000:.0f} ms")
        print(f"  cached request (median of {args.repeat}): {cached * 1000:.1f} ms")
        print(f"  first / cached: {result['ratio']}×")
        common.write_result("pdf", result)


if __name__ == "__main__":
    main()
