"""Accounts of customers' trainees (002 一、(二)): HR invites one by email,
or creates many from an .xlsx file; either way the trainee sets their own
password through a link that works once and expires.

The link carries a random token; only its SHA-256 is stored, so the table
of invitations cannot be used to log in. Accepting is one transaction that
locks the invitation: a second use, even concurrent, is refused.

The .xlsx columns (one header row; the English names are accepted too):
姓名 (name), 邮箱 (email), 电话 (phone, optional), 职务 (position, optional).
Every row is checked first; a bad row refuses the whole file with messages
naming the row and the column, and nothing is written.
"""
import datetime
import hashlib
import io
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from people.models import ExternalTrainee, TraineeInvitation
from people.notifications import absolute_url
from people.spreadsheets import header_columns

#: How long an invitation link works.
INVITATION_DAYS = 7

HEADERS = {"姓名": "name", "name": "name", "邮箱": "email", "email": "email", "电子邮箱": "email",
           "电话": "phone", "phone": "phone", "手机": "phone", "职务": "position", "position": "position"}
COLUMN_LABELS = {"name": "姓名", "email": "邮箱", "phone": "电话", "position": "职务"}
REQUIRED = ("name", "email")
MAX_ROWS = 500


class ImportRefused(Exception):
    """The file was refused; ``errors`` lists the messages, each naming its row and column."""

    def __init__(self, errors):
        self.errors = [str(e) for e in errors]
        super().__init__("\n".join(self.errors))


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def split_name(full_name):
    """(first_name, last_name) as :func:`people.models.person_name` reads
    them back: a Chinese name is 姓 (first character) + 名."""
    full_name = full_name.strip()
    if any("\u4e00" <= ch <= "\u9fff" for ch in full_name) and len(full_name) > 1:
        return full_name[1:], full_name[0]
    first, _sep, last = full_name.partition(" ")
    return first, last


def _email_taken(email):
    User = get_user_model()
    return User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists()


def _send_invitation(invitation, token):
    link = absolute_url(reverse("lms:invitation_accept", args=[token]))
    body = _(
        "%(name)s，您好：\n\n%(org)s的培训账号已为您开通。请在 %(expires)s 前打开下面的链接设置密码，"
        "之后用邮箱 %(email)s 登录，即可查看您参加的培训课程、课堂和考试。\n\n%(link)s\n\n"
        "链接仅可使用一次。（本邮件由%(portal)s自动发送，请勿回复。）"
    ) % {"name": invitation.full_name, "org": invitation.organisation.name, "email": invitation.email,
         "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M"), "link": link,
         "portal": settings.PORTAL_NAME}
    message = EmailMessage(subject=f"[{settings.PORTAL_NAME}] " + _("培训账号邀请：请设置密码"), body=body,
                           to=[invitation.email])
    transaction.on_commit(message.send)


def _new_invitation(organisation, *, email, full_name, by, phone="", position="", user=None, now=None):
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    invitation = TraineeInvitation.objects.create(
        organisation=organisation, email=email, full_name=full_name, phone=phone, position=position,
        token_hash=token_hash(token), invited_by=by, created_at=now,
        expires_at=now + datetime.timedelta(days=INVITATION_DAYS), user=user)
    _send_invitation(invitation, token)
    return invitation, token


@transaction.atomic
def invite(organisation, *, email, full_name, by, phone="", position="", now=None):
    """Invite one trainee of ``organisation`` by email. Returns ``(invitation, token)``."""
    email = (email or "").strip().lower()
    full_name = (full_name or "").strip()
    errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("请填写有效的邮箱地址。")
    else:
        if _email_taken(email):
            errors["email"] = _("该邮箱已有账号。")
    if not full_name:
        errors["full_name"] = _("请填写姓名。")
    if errors:
        raise ValidationError(errors)
    return _new_invitation(organisation, email=email, full_name=full_name, by=by, phone=phone.strip(),
                           position=position.strip(), now=now)


def open_invitation(token, now=None):
    """The invitation ``token`` opens, or a ValidationError saying why not."""
    invitation = TraineeInvitation.objects.select_related("organisation").filter(
        token_hash=token_hash(str(token))).first()
    if invitation is None:
        raise ValidationError(_("邀请链接无效。"))
    if invitation.accepted_at is not None:
        raise ValidationError(_("此邀请链接已使用过，请直接登录。"))
    if (now or timezone.now()) >= invitation.expires_at:
        raise ValidationError(_("邀请链接已过期，请联系培训主管部门重新邀请。"))
    return invitation


@transaction.atomic
def accept(token, password, *, now=None):
    """Accept the invitation: the account (created now, or by the import)
    gets ``password``. Single use; returns the user."""
    now = now or timezone.now()
    invitation = open_invitation(token, now)
    invitation = TraineeInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("此邀请链接已使用过，请直接登录。"))
    User = get_user_model()
    user = invitation.user
    if user is None:
        if _email_taken(invitation.email):
            raise ValidationError(_("该邮箱已有账号，请直接登录。"))
        first, last = split_name(invitation.full_name)
        user = User(username=invitation.email, email=invitation.email, first_name=first, last_name=last)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save()
    ExternalTrainee.objects.get_or_create(user=user, defaults={
        "organisation": invitation.organisation, "phone": invitation.phone, "position": invitation.position})
    invitation.accepted_at, invitation.user = now, user
    invitation.save(update_fields=["accepted_at", "user"])
    return user


# ---- creating trainees in bulk from an .xlsx ------------------------------------------


def read_sheet(data):
    """The rows of the first sheet as lists of strings (header first)."""
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a broken file
        raise ImportRefused([_("无法读取文件：请上传 Excel 2007 及以上版本的 .xlsx 文件。")]) from None
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(["" if v is None else (format(v, "g") if isinstance(v, float) else str(v)).strip() for v in row])
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _columns(header):
    """{key: index} of the header row, or :class:`ImportRefused`."""
    columns, errors = header_columns(header, HEADERS, [(key, COLUMN_LABELS[key]) for key in REQUIRED])
    if errors:
        raise ImportRefused(errors)
    return columns


def _row_problems(value, seen):
    """[(column key, message)] for one row; ``seen`` maps the emails of earlier rows to their row numbers."""
    problems = []
    if not value["name"]:
        problems.append(("name", _("不能为空。")))
    elif len(value["name"]) > 100:
        problems.append(("name", _("不能超过 100 个字。")))
    email = value["email"]
    try:
        validate_email(email)
    except ValidationError:
        problems.append(("email", _("“%(v)s”不是有效的邮箱地址。") % {"v": email} if email else _("不能为空。")))
    else:
        if email in seen:
            problems.append(("email", _("与第 %(other)d 行重复。") % {"other": seen[email]}))
        elif _email_taken(email):
            problems.append(("email", _("%(v)s 已有账号。") % {"v": email}))
    if len(value["phone"]) > 40:
        problems.append(("phone", _("不能超过 40 个字符。")))
    if len(value["position"]) > 100:
        problems.append(("position", _("不能超过 100 个字。")))
    return problems


def check_rows(rows):
    """The trainees the rows describe, as dicts; raises :class:`ImportRefused`
    listing every problem (row and column named) if any row is wrong."""
    if not rows:
        raise ImportRefused([_("文件是空的：第 1 行须为表头（姓名、邮箱、电话、职务）。")])
    columns = _columns(rows[0])
    body = rows[1:]
    if not any(any(row) for row in body):
        raise ImportRefused([_("文件中没有学员：表头下至少须有一行。")])
    if len(body) > MAX_ROWS:
        raise ImportRefused([_("一次最多导入 %(n)d 名学员。") % {"n": MAX_ROWS}])
    trainees, seen, errors = [], {}, []
    for number, row in enumerate(body, start=2):
        if not any(row):
            continue
        value = {key: "" for key in COLUMN_LABELS}
        value.update({key: (row[index] if index < len(row) else "") for key, index in columns.items()})
        value["email"] = value["email"].lower()
        for key, text in _row_problems(value, seen):
            errors.append(_("第 %(row)d 行“%(col)s”列：%(text)s") % {
                "row": number, "col": COLUMN_LABELS[key], "text": text})
        seen.setdefault(value["email"], number)
        trainees.append(value)
    if errors:
        raise ImportRefused(errors)
    return trainees


@transaction.atomic
def import_trainees(organisation, data, *, by, now=None):
    """Create ``organisation``'s trainees from the .xlsx bytes ``data``, each
    with an invitation to set their password. All or nothing. Returns the
    trainees created."""
    trainees = check_rows(read_sheet(data))
    User = get_user_model()
    created = []
    for row in trainees:
        first, last = split_name(row["name"])
        user = User(username=row["email"], email=row["email"], first_name=first, last_name=last)
        user.set_unusable_password()
        user.save()
        created.append(ExternalTrainee.objects.create(user=user, organisation=organisation, phone=row["phone"],
                                                      position=row["position"]))
        _new_invitation(organisation, email=row["email"], full_name=row["name"], by=by, phone=row["phone"],
                        position=row["position"], user=user, now=now)
    return created
