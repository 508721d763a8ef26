"""Section ``grades``: HR records and confirms grades and computes a month's
pay for ``people`` persons (10,000 at full size), one person at a time as
the services are called today (``assessments.services``: record_decision,
confirm, current_pay), in one process on PostgreSQL. Seconds per step and in
total; the people are created beforehand (not timed)."""
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

    from assessments.grading import Qualification
    from assessments.services import confirm, current_pay, record_decision

    User = get_user_model()
    password = make_password(None)
    User.objects.bulk_create([User(username=f"bench_graded_{n:05d}", password=password) for n in range(count)],
                             batch_size=1000)
    people = list(User.objects.filter(username__startswith="bench_graded_").order_by("pk"))
    hr = User.objects.get(username="hr")
    rng = random.Random(20260302)
    educations = ["high_school", "secondary_technical", "college", "bachelor", "master"]
    steps = {"record": 0.0, "confirm": 0.0, "pay": 0.0}
    grades = {}
    started = time.perf_counter()
    for person in people:
        written = Decimal(rng.randint(6000, 10000)) / 100
        practical = Decimal(rng.randint(6000, 10000)) / 100
        qualification = Qualification(education=rng.choice(educations), product_series=rng.randint(0, 5),
                                      years_experience=rng.randint(0, 15), repair_certificate=rng.random() < 0.4)
        t0 = time.perf_counter()
        decision = record_decision(person, written, practical, qualification, recorded_by=hr)
        t1 = time.perf_counter()
        confirm(decision, hr)
        t2 = time.perf_counter()
        pay = current_pay(person, travel_days=rng.randint(0, 10))
        t3 = time.perf_counter()
        steps["record"] += t1 - t0
        steps["confirm"] += t2 - t1
        steps["pay"] += t3 - t2
        grades[decision.proposed_grade] = grades.get(decision.proposed_grade, 0) + 1
        assert pay is not None
    total = time.perf_counter() - started
    common.write_result("grades", {
        "people": count, "seconds": round(total, 1), "per_person_ms": round(total / count * 1000, 2),
        "steps_s": {k: round(v, 1) for k, v in steps.items()}, "grades": grades,
    })


if __name__ == "__main__":
    main()
