"""绝密: naming readers, granting copies and issuing them (see
:mod:`policies.models.top_secret` for the rule). Every step is logged on the
policy's own history (Wagtail's log), and checked here, whoever calls."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from people.models import Confidentiality, person_name

from . import access
from .models import PolicyPage, TopSecretCopy, TopSecretReader

NAMED = "policies.top_secret_named"
REMOVED = "policies.top_secret_removed"
GRANTED = "policies.top_secret_copy_granted"
ISSUED = "policies.top_secret_copy_issued"
# Who names readers and approves copies: holders of these permissions (the
# approvers' group, the general manager's office in the company's words).
NAME_READERS = access.NAMES_TOP_SECRET_READERS
GRANT_COPIES = "policies.add_topsecretcopy"


class CopyRefused(Exception):
    """No approved, unused copy for this reader: ask for a new approval."""

    def __init__(self):
        super().__init__(_("绝密文件每制作一份副本（下载或打印）都须事先批准；您没有可用的副本批准，请向批准人申请。"))
        self.message = self.args[0]


def is_top_secret(page, version=None):
    snapshot_level = version.as_page().confidentiality if version is not None else page.confidentiality
    return max(page.confidentiality, snapshot_level) >= Confidentiality.TOP_SECRET


def _entry(user):
    return {"reader_id": user.pk, "reader": person_name(user)}


def name_reader(policy, user, by, now=None):
    """Name ``user`` on 绝密 ``policy`` (idempotent); returns the record."""
    if not by.has_perm(NAME_READERS):
        raise PermissionDenied(_("您无权指定绝密文件的阅读人。"))
    with transaction.atomic():
        record, created = TopSecretReader.objects.get_or_create(
            policy=policy, user=user, defaults={"named_by": by, "named_at": now or timezone.now()})
        if created:
            log(instance=policy, action=NAMED, user=by, data=_entry(user))
    return record


def remove_reader(policy, user, by):
    """Take ``user`` off ``policy``'s readers; returns whether they were on it."""
    if not by.has_perm(NAME_READERS):
        raise PermissionDenied(_("您无权指定绝密文件的阅读人。"))
    with transaction.atomic():
        removed, _count = TopSecretReader.objects.filter(policy=policy, user=user).delete()
        if removed:
            log(instance=policy, action=REMOVED, user=by, data=_entry(user))
    return bool(removed)


def grant_copy(policy, reader, by, reason="", now=None):
    """Approve one copy of ``policy`` for ``reader`` (who must be able to
    read it); it takes the policy's next copy number. Returns the grant."""
    if not by.has_perm(GRANT_COPIES):
        raise PermissionDenied(_("您无权批准绝密文件的副本。"))
    if not access.can_view(reader, policy):
        raise ValidationError(_("%(name)s 不是此绝密文件的指定阅读人，不能领取副本。") % {"name": person_name(reader)})
    with transaction.atomic():
        # The page row is the lock that hands out copy numbers one at a time.
        PolicyPage.objects.select_for_update().filter(pk=policy.pk).first()
        number = (TopSecretCopy.objects.filter(policy=policy).aggregate(n=Max("copy_number"))["n"] or 0) + 1
        grant = TopSecretCopy.objects.create(policy=policy, reader=reader, copy_number=number, reason=reason,
                                             granted_by=by, granted_at=now or timezone.now())
        log(instance=policy, action=GRANTED, user=by, data={**_entry(reader), "copy_number": number})
    return grant


@transaction.atomic
def issue_copy(policy, reader, version_number, make, now=None):
    """Make a copy for ``reader`` under their oldest unused grant: ``make(grant)``
    produces it (the PDF) inside the same transaction, so a copy that fails to
    render uses no grant. Raises :class:`CopyRefused` without a grant."""
    grant = (TopSecretCopy.objects.select_for_update().filter(policy=policy, reader=reader, issued_at__isnull=True)
             .order_by("copy_number").first())
    if grant is None:
        raise CopyRefused()
    grant.issued_at = now or timezone.now()
    grant.version_number = version_number
    grant.save(update_fields=["issued_at", "version_number"])
    log(instance=policy, action=ISSUED, user=reader,
        data={**_entry(reader), "copy_number": grant.copy_number, "version": version_number})
    return grant, make(grant)
