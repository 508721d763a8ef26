"""Section ``redline``: the compare page (``compare/<a>/<b>/``, word-level
redline by jieba) of the longest seed regulation against a second version
with a clause added to every third article, item or paragraph: the first request, then the median of
warm ones (same process, Django's test client, PostgreSQL, jieba and OpenCC
warmed up first as a served process has them)."""
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common


def main():
    url = common.clone_database("redline")
    common.setup_django(url)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from policies.models import PolicyPage
    from portal.warmup import warm_up
    from tests.factories import publish_new_version

    warm_up()
    page = max(PolicyPage.objects.live(), key=lambda p: len(p.body_text()))
    raw = list(page.body.raw_data)
    changed = 0
    texts = [block for block in raw if block["type"] in ("article", "item", "paragraph")]
    for block in texts[::3]:
        text = block["value"]["text"]
        block["value"]["text"] = text.replace("。", "，并报人资部备案。", 1) if "。" in text else text + "并报人资部备案。"
        changed += 1
    body = [{"type": b["type"], "value": b["value"]} for b in raw]

    publish_new_version(page, "基准测试：每三段修改一处", body=json.dumps(body, ensure_ascii=False))
    page = PolicyPage.objects.get(pk=page.pk)
    numbers = sorted(page.versions.values_list("number", flat=True))
    compare = f"{page.url}compare/{numbers[-2]}/{numbers[-1]}/"
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    started = time.perf_counter()
    response = client.get(compare)
    first = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(compare)
        warm.append(time.perf_counter() - started)
    common.write_result("redline", {
        "policy": f"{page.document_number} {page.title}", "body_chars": len(page.body_text()),
        "changed_parts": changed, "first_ms": round(first * 1000, 1),
        "warm_ms": round(statistics.median(warm) * 1000, 1),
    })


if __name__ == "__main__":
    main()
