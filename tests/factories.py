"""Factories for people and policy pages."""
import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from people.models import Department, JobRole, Profile
from policies.library import ensure_library
from policies.models import PolicyCategory, PolicyPage
from portal.setup import ensure_site

PASSWORD = "pw-for-tests"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"部门{n}")


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"role-{n}")
    name = factory.Sequence(lambda n: f"岗位{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "员工"
    last_name = factory.Sequence(lambda n: f"测{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def profile(user, create, extracted, **kwargs):
        if create:
            Profile.objects.update_or_create(user=user, defaults=kwargs)
            user.save()

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        for name in extracted or []:
            user.groups.add(Group.objects.get_or_create(name=name)[0])


def make_user(username=None, clearance=0, department=None, job_role=None, groups=(), **extra):
    kwargs = {"profile__clearance": clearance, "profile__department": department,
              "profile__job_role": job_role, "groups": list(groups)}
    if username:
        kwargs["username"] = username
    return UserFactory(**kwargs, **extra)


def body(*parts):
    """Build a StreamField value: ("chapter", "总则"), ("article", "为了…"),
    ("item", "标题", "内容"), ("paragraph", "…")."""
    value = []
    for part in parts:
        kind = part[0]
        if kind == "chapter":
            value.append(("chapter", {"title": part[1]}))
        elif kind == "article":
            value.append(("article", {"text": part[1]}))
        elif kind == "item":
            value.append(("item", {"title": part[1], "text": part[2] if len(part) > 2 else ""}))
        else:
            value.append(("paragraph", {"text": part[1]}))
    return value


def policy_index():
    ensure_site()
    return ensure_library()


def make_policy(title="培训管理制度", document_number=None, parts=None, publish=True, user=None, **fields):
    """Create a PolicyPage under the policy library and (by default) publish
    its first version directly, as the importer does."""
    index = policy_index()
    fields.setdefault("effective_date", datetime.date(2026, 1, 1))
    if "category" not in fields:
        fields["category"], _ = PolicyCategory.objects.get_or_create(
            slug="training", defaults={"name": "培训管理"}
        )
    page = PolicyPage(
        title=title,
        document_number=document_number or f"DOC-{PolicyPage.objects.count() + 1:03d}",
        body=body(*(parts or [("chapter", "总则"), ("article", "为了规范培训工作，制定本制度。")])),
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    if publish:
        page.save_revision(user=user).publish(user=user)
    return PolicyPage.objects.get(pk=page.pk)


def publish_new_version(page, change_summary, user=None, **changes):
    """Save and publish a new revision of ``page`` with ``changes``."""
    page = PolicyPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        if name == "parts":
            page.body = body(*value)
        else:
            setattr(page, name, value)
    page.change_summary = change_summary
    page.save_revision(user=user).publish(user=user)
    return PolicyPage.objects.get(pk=page.pk)


def make_scoped_policy(departments=(), roles=(), publish=True, user=None, **fields):
    """A policy whose first version already applies only to ``departments``
    and ``roles`` (empty: everyone), published unless ``publish=False``."""
    page = make_policy(publish=False, **fields)
    page.scope_departments.set(list(departments))
    page.scope_roles.set(list(roles))
    if publish:
        page.save_revision(user=user).publish(user=user)
    else:
        page.save()
    return PolicyPage.objects.get(pk=page.pk)


# ---- question bank and written exams (assessments) ------------------------------


def question_category(name="电气基础"):
    from assessments.models import QuestionCategory

    return QuestionCategory.objects.get_or_create(name=name)[0]


def make_question(qtype="single", text=None, category="电气基础", options=None, correct=None, points=1,
                  true_false=None, accepted=None, reference="", user=None, **fields):
    """A saved question with its first revision. ``options`` are option
    texts; ``correct`` the texts (or one text) that are right (default: the
    first). True/false: ``true_false``; fill-in: ``accepted`` answers."""
    from assessments.models import Question

    number = Question.objects.count() + 1
    question = Question(qtype=qtype, text=text or f"第{number}题：题干", category=question_category(category),
                        points=points, reference_answer=reference, **fields)
    if qtype in ("single", "multiple"):
        options = options or [f"选项甲{number}", f"选项乙{number}", f"选项丙{number}", f"选项丁{number}"]
        correct = [correct] if isinstance(correct, str) else (correct or options[:1])
        question.options = [("option", {"text": o, "correct": o in correct}) for o in options]
    elif qtype == "true_false":
        question.true_false_answer = True if true_false is None else true_false
    elif qtype == "fill_in":
        question.accepted_answers = "\n".join(accepted or [f"答案{number}"])
    question.full_clean()
    question.save()
    question.save_revision(user=user)
    return question


def exam_index():
    from assessments.models import ExamIndexPage
    from portal.models import HomePage

    ensure_site()
    home = HomePage.objects.first()
    index = ExamIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=ExamIndexPage(title="考试中心", slug="exams"))
    return index


def make_exam(questions=(), title="售后书面考试", draw=(), **fields):
    """A published ExamPage: a fixed paper of ``questions`` (Question or
    (Question, points)), or, with ``draw`` = [(category name, count)], a
    random draw."""
    from assessments.models import ExamDrawRule, ExamPage, ExamQuestion

    index = exam_index()
    fields.setdefault("paper_mode", "random" if draw else "fixed")
    exam = ExamPage(title=title, slug=f"exam-{ExamPage.objects.count() + 1}", **fields)
    for order, item in enumerate(questions):
        question, points = item if isinstance(item, tuple) else (item, None)
        exam.paper_questions.add(ExamQuestion(sort_order=order, question=question, points=points))
    for order, (category, count) in enumerate(draw):
        exam.draw_rules.add(ExamDrawRule(sort_order=order, category=question_category(category), count=count))
    index.add_child(instance=exam)
    exam.save_revision().publish()
    return ExamPage.objects.get(pk=exam.pk)


# ---- practical exams, qualifications, payroll tokens (assessments) -----------------

PANEL_DEPARTMENTS = [("technical", "技术部"), ("engineering", "工艺工程部"), ("quality", "品管部"),
                     ("after-sales", "售后部"), ("production", "生产部")]


def panel_department(code="technical"):
    """One of the five departments an examiner comes from (as portal.setup seeds them)."""
    return DepartmentFactory(code=code, name=dict(PANEL_DEPARTMENTS)[code])


def rubric_task(kind="repair", title="更换主轴轴承", items=(("拆装步骤正确", 40), ("调试后运行正常", 60)), unit=""):
    """A practical task block value: ``items`` are (description, max points)."""
    return ("task", {"kind": kind, "title": title, "unit": unit,
                     "items": [{"description": d, "max_points": str(p)} for d, p in items]})


def make_practical_exam(trainee=None, trainer=None, examiners=None, tasks=None, machine_model="CNC-850 数控车床",
                        open_for_scoring=True, **fields):
    """A practical exam with a panel. ``examiners`` are users (or (user,
    department code) pairs; plain users are given the five departments in
    turn); default: one examiner from each of 技术部, 工艺工程部, 品管部, 售后部, 生产部.
    Default rubric: one 维修 task worth 100 points."""
    from assessments.models import ExaminerAssignment, PracticalExam

    trainee = trainee or make_user()
    trainer = trainer or make_user()
    if examiners is None:
        examiners = [(make_user(), code) for code, _name in PANEL_DEPARTMENTS]
    exam = PracticalExam(trainee=trainee, trainer=trainer, machine_model=machine_model,
                         tasks=tasks or [rubric_task()], open_for_scoring=open_for_scoring, **fields)
    exam.full_clean()
    exam.save()
    for order, entry in enumerate(examiners):
        user, code = entry if isinstance(entry, tuple) else (entry, PANEL_DEPARTMENTS[order % 5][0])
        ExaminerAssignment.objects.create(exam=exam, examiner=user, department=panel_department(code),
                                          sort_order=order)
    return PracticalExam.objects.get(pk=exam.pk)


def score_all(exam, totals, now=None):
    """Each examiner of ``exam`` (in panel order) submits, spreading their
    total in ``totals`` over the rubric items (each item gets its share)."""
    from decimal import Decimal

    from assessments import scoring

    rubric = exam.rubric()
    max_total = exam.max_total()
    sheets = []
    for assignment, total in zip(exam.examiners.order_by("sort_order"), totals):
        total = Decimal(str(total))
        shares = [(item_id, (item["max_points"] * total / max_total).quantize(Decimal("0.01"), "ROUND_DOWN"))
                  for *_x, item_id, item in rubric]
        shares[-1] = (shares[-1][0], total - sum(points for _id, points in shares[:-1]))
        points = {item_id: str(value) for item_id, value in shares}
        sheets.append(scoring.submit_sheet(exam, assignment.examiner, points, now=now))
    return sheets


def make_qualification(person, education="bachelor", product_series=3, years_experience=3, repair_certificate=False,
                       track="full_time"):
    from assessments.models import QualificationRecord

    return QualificationRecord.objects.update_or_create(person=person, defaults=dict(
        education=education, product_series=product_series, years_experience=years_experience,
        repair_certificate=repair_certificate, track=track))[0]


def make_dealer_trainee(username=None, **extra):
    """A trainee sent by an office/dealer: their plan table's source is 办事处/经销商."""
    from lms.models import TraineePlanTable

    trainee = make_user(username, **extra)
    TraineePlanTable.objects.create(trainee=trainee, source="dealer")
    return trainee
