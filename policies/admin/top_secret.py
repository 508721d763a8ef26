"""The admin's 绝密 screens: readers named on each 绝密 policy, and the copy
register where an approver grants one copy to one reader. Both save through
``policies.top_secret``, which checks the permission, numbers the copies and
logs every step on the policy's history."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from people.models import person_name

from .. import access, top_secret
from ..models import TopSecretCopy, TopSecretReader


class NameReaderView(CreateView):
    def save_instance(self):
        record = self.form.instance
        return top_secret.name_reader(record.policy, record.user, self.request.user)


class GrantCopyView(CreateView):
    def save_instance(self):
        grant = self.form.instance
        return top_secret.grant_copy(grant.policy, grant.reader, self.request.user, reason=grant.reason)

    def is_valid(self, form):
        """Also: the reader must be named on the policy (no copy otherwise)."""
        if not super().is_valid(form):
            return False
        grant = form.instance
        if not access.can_view(grant.reader, grant.policy):
            form.add_error("reader", _("%(name)s 不是此绝密文件的指定阅读人，不能领取副本。")
                           % {"name": person_name(grant.reader)})
            self.produced_error_message = self.get_error_message()
            return False
        return True


class ClearedRegisterViewSet(SnippetViewSet):
    """Lists only the records of policies the user is cleared for: the
    register names 绝密 titles."""

    def get_queryset(self, request):
        return self.model._default_manager.exclude(policy_id__in=access.hidden_policy_ids(request.user))


class TopSecretReaderViewSet(ClearedRegisterViewSet):
    model = TopSecretReader
    icon = "lock"
    add_view_class = NameReaderView
    panels = [FieldPanel("policy"), FieldPanel("user")]
    list_display = ["policy", "user", "named_by", "named_at"]


class TopSecretCopyViewSet(ClearedRegisterViewSet):
    model = TopSecretCopy
    icon = "doc-full"
    add_view_class = GrantCopyView
    panels = [FieldPanel("policy"), FieldPanel("reader"), FieldPanel("reason")]
    list_display = ["policy", "copy_number", "reader", "granted_by", "granted_at", "issued_at", "version_number"]


class TopSecretGroup(SnippetViewSetGroup):
    menu_label = _("绝密文件")
    menu_icon = "lock"
    menu_order = 260
    items = (TopSecretReaderViewSet, TopSecretCopyViewSet)
