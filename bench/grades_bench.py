"""Section ``grades``: HR records and confirms grades and computes a month's
pay for ``people`` persons (10,000 at full size), in cohorts of 1,000 as HR
does it (``assessments.decisions``: record_decisions, confirm_decisions: the
scheme read once, the rows sent with COPY: a fixed number of statements per cohort), then each person's month's pay
from the scheme's rules read once (``assessments.rules.pay.cohort_pay``: each
distinct grade, track and travel days computed once), in
one process on PostgreSQL. Seconds per step and in total; the people are
created beforehand (not timed)."""
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common


def main():
    count = common.PARAMS["people"]
    url = common.clone_database("grades")
    common.setup_django(url)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from assessments.decisions import GradeInput, confirm_decisions, record_decisions
    from assessments.models import GradingScheme
    from assessments.rules.pay import cohort_pay
    from assessments.terms.qualification import Qualification

    User = get_user_model()
    password = make_password(None)
    User.objects.bulk_create([User(username=f"bench_graded_{n:05d}", password=password) for n in range(count)],
                             batch_size=1000)
    people = list(User.objects.filter(username__startswith="bench_graded_").order_by("pk"))
    hr = User.objects.get(username="hr")
    rng = random.Random(20260302)
    educations = ["high_school", "secondary_technical", "college", "bachelor", "master"]
    entries = [
        GradeInput(person, Decimal(rng.randint(6000, 10000)) / 100, Decimal(rng.randint(6000, 10000)) / 100,
                   Qualification(education=rng.choice(educations), product_series=rng.randint(0, 5),
                                 years_experience=rng.randint(0, 15), repair_certificate=rng.random() < 0.4))
        for person in people
    ]
    travel = [rng.randint(0, 10) for _ in people]
    steps = {"record": 0.0, "confirm": 0.0, "pay": 0.0}
    grades = {}
    started, cpu_started = time.perf_counter(), time.process_time()
    for start in range(0, count, 1000):
        t0 = time.perf_counter()
        decisions = record_decisions(entries[start:start + 1000], recorded_by=hr)
        t1 = time.perf_counter()
        confirm_decisions(decisions, hr)
        t2 = time.perf_counter()
        rules = GradingScheme.objects.rules_on()
        pays = cohort_pay([(d.proposed_grade, d.track, days) for d, days in zip(decisions, travel[start:start + 1000],
                                                                                 strict=True)], scheme=rules)
        for decision, pay in zip(decisions, pays, strict=True):
            assert pay is not None
            grades[decision.proposed_grade] = grades.get(decision.proposed_grade, 0) + 1
        t3 = time.perf_counter()
        steps["record"] += t1 - t0
        steps["confirm"] += t2 - t1
        steps["pay"] += t3 - t2
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu_started  # this process only: the rest is waiting on PostgreSQL (or the load)
    common.write_result("grades", {
        "people": count, "seconds": round(total, 1), "per_person_ms": round(total / count * 1000, 2),
        "cpu_s": round(cpu, 1),
        "steps_s": {k: round(v, 1) for k, v in steps.items()}, "grades": grades,
    })


if __name__ == "__main__":
    main()
