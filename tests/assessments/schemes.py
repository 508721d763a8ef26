"""The policy's grade and pay numbers as test data: an in-memory scheme (no
database), people with typical qualifications, and GradingScheme field values."""
import datetime
import json
import uuid

from assessments.terms.qualification import Qualification
from assessments.terms.scheme import Band, PayRow, PenaltyBand, QualificationRule, SchemeRules

# 售后服务人员培训管理办法, as SPEC.md condenses it. Written out here, not
# imported from the migration, so a typo in the seed is caught by a test.
SPEC_BANDS = [
    (80, "technician_junior"),
    (84, "technician_mid"),
    (87, "technician_senior"),
    (90, "engineer_junior"),
    (94, "engineer_mid"),
    (97, "engineer_senior"),
]
SPEC_PAY = [
    # grade, full-time total, full-time travel supplement/day, production-reserve allowance,
    # production-reserve travel basis, production-reserve travel subsidy/day
    ("technician_junior", 2700, 0, 50, 2600, 0),
    ("technician_mid", 2800, 0, 80, 2700, 0),
    ("technician_senior", 2900, 0, 120, 2800, 0),
    ("engineer_junior", 3000, 50, 150, 2900, 50),
    ("engineer_mid", 3200, 100, 200, 3000, 50),
    ("engineer_senior", 3500, 150, 300, 3200, 50),
]
SPEC_QUALIFICATIONS = [
    QualificationRule("technician", "high_school", 0, 2, alt_education="junior_middle",
                      alt_requires_certificate=True, alt_min_years=1),
    QualificationRule("engineer", "secondary_technical", 3, 3),
]
SPEC_PENALTIES = [(30, 50), (40, 150), (50, 200)]


def spec_rules(**changes):
    values = dict(
        bands=[Band(low, grade) for low, grade in SPEC_BANDS],
        qualifications=SPEC_QUALIFICATIONS,
        pay_table=[PayRow(*row) for row in SPEC_PAY],
        penalty_bands=[PenaltyBand(rate, amount) for rate, amount in SPEC_PENALTIES],
        pass_mark=80,
        position_share=70,
        working_days=22,
        dealer_daily_fee=200,
        label="SPEC",
    )
    values.update(changes)
    return SchemeRules(**values)


# People ----------------------------------------------------------------------

ENGINEER = Qualification("bachelor", product_series=3, years_experience=3, repair_certificate=False)
TECHNICIAN_ONLY = Qualification("high_school", product_series=2, years_experience=1, repair_certificate=False)
UNQUALIFIED = Qualification("high_school", product_series=1, years_experience=5, repair_certificate=True)


# GradingScheme rows ------------------------------------------------------------


def stream(block_type, values):
    return json.dumps([{"type": block_type, "value": v, "id": str(uuid.uuid4())} for v in values])


def scheme_fields(bands=None, pay=None, qualifications=None, penalties=None, **fields):
    """Keyword arguments for a GradingScheme holding SPEC's numbers, with
    ``bands`` / ``pay`` / ``qualifications`` / ``penalties`` replaced by raw
    rows (lists of dicts) where given."""
    bands = bands if bands is not None else [
        {"lower_bound": str(low), "grade": grade} for low, grade in SPEC_BANDS
    ]
    pay = pay if pay is not None else [
        dict(zip(["grade", "full_time_total", "full_time_travel_supplement", "reserve_allowance",
                  "reserve_travel_basis", "reserve_travel_subsidy"], [str(v) for v in row]))
        for row in SPEC_PAY
    ]
    qualifications = qualifications if qualifications is not None else [
        {"position": "technician", "min_education": "high_school", "min_years": "0", "min_product_series": 2,
         "alt_education": "junior_middle", "alt_requires_certificate": True, "alt_min_years": "1"},
        {"position": "engineer", "min_education": "secondary_technical", "min_years": "3",
         "min_product_series": 3, "alt_education": "", "alt_requires_certificate": False, "alt_min_years": None},
    ]
    penalties = penalties if penalties is not None else [
        {"min_rate": str(rate), "amount": str(amount)} for rate, amount in SPEC_PENALTIES
    ]
    values = dict(
        name="售后人员定职定级与薪资方案",
        version_label=f"test-{uuid.uuid4().hex[:8]}",
        effective_date=datetime.date(2027, 1, 1),
        source_document="售后服务人员培训管理办法",
        pass_mark="80",
        position_share="70",
        working_days=22,
        dealer_daily_fee="200",
        bands=stream("band", bands),
        pay_table=stream("row", pay),
        qualifications=stream("position", qualifications),
        penalty_bands=stream("band", penalties),
    )
    values.update(fields)
    return values
