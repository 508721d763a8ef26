"""A customer's trainee accepts their invitation: sets a password, is
logged in and lands on 我的学习 (the only part of the portal open to them)."""
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .. import customer_accounts

BACKEND = "people.backends.PortalModelBackend"


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(label=gettext_lazy("设置密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=gettext_lazy("再次输入密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token):
    try:
        invitation = customer_accounts.open_invitation(token)
    except ValidationError as error:
        return TemplateResponse(request, "lms/invitation_accept.html", {"refusal": error.messages[0]}, status=410)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = customer_accounts.accept(token, form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("密码已设置，欢迎参加培训。"))
            return redirect("lms:my_learning")
    return TemplateResponse(request, "lms/invitation_accept.html", {"invitation": invitation, "form": form})
