"""Login security pages: the lockout answer, the second factor (TOTP) and
the password reset by email (Django's views with the portal's templates)."""
import base64

import segno
from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from people.security import needs_second_factor


def login_locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the answer to a login while the account or
    the address is locked out (429), in the portal's words."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    # Rendered here: axes swaps it in after the response phase of the template middleware.
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


# ---- the second factor ---------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.RegexField(label=gettext_lazy("动态口令"), regex=r"^\s*\d{6}\s*$", max_length=10,
                             error_messages={"invalid": gettext_lazy("请输入验证器应用显示的 6 位数字。")})


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


@login_required
def second_factor(request):
    """Verify the TOTP code of the person's authenticator; the first time,
    set one up (a QR code and the key, confirmed by a first code)."""
    user = request.user
    target = _safe_next(request)
    if getattr(user, "is_verified", lambda: False)():
        return redirect(target)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name=_("验证器应用"), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("输入错误次数过多，请稍等片刻再输入。"))
        elif device.verify_token(form.cleaned_data["token"].strip()):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("动态口令验证成功。"))
            return redirect(target)
        else:
            form.add_error("token", _("动态口令不正确或已过期，请重新输入。"))
    context = {"form": form, "setting_up": setting_up, "next": target,
               "required": needs_second_factor(user)}
    if setting_up:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return TemplateResponse(request, "registration/second_factor.html", context)


# ---- password reset by email -----------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def get_extra_email_context(self):
        return {"site_name": str(settings.PORTAL_NAME)}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
