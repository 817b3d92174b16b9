import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from planwatch.lib import throttle
from planwatch.lib.security import client_ip
from planwatch.orgs.access import get_access


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Who am I and where: the roles a user holds, so nobody has to guess their access."""
    return render(request, "accounts/profile.html", {"access": get_access(request)})


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """Create, rotate or revoke the user's API token; a new key is shown once, never again."""
    from planwatch.api.tokens import revoke_token, rotate_token, token_of

    ctx: dict = {"token": None, "new_key": None}
    if request.method == "POST" and request.POST.get("action") == "revoke":
        revoke_token(request.user)
    elif request.method == "POST":
        ctx["new_key"] = rotate_token(request.user).key
    else:
        ctx["token"] = token_of(request.user)
    response = render(request, "accounts/token.html", ctx)
    add_never_cache_headers(response)
    return response


class ResetForm(PasswordResetForm):
    """Django's form with the field named as our forms name it (Django's Ukrainian catalog
    leaves "Email" in English)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail")


class ThrottledPasswordResetView(PasswordResetView):
    """Django's reset page, with at most PLANWATCH_RESET_PER_EMAIL letters per address and
    PLANWATCH_RESET_PER_IP requests per client address in PLANWATCH_RESET_WINDOW seconds,
    so the page cannot be used to flood someone's mailbox. Addresses are counted whether or
    not an account has them, so the refusal says nothing about who has an account."""

    form_class = ResetForm

    def form_valid(self, form):
        if not reserve_reset(form.cleaned_data["email"], client_ip(self.request)):
            window = int(getattr(settings, "PLANWATCH_RESET_WINDOW", 3600))
            ctx = self.get_context_data(form=form, throttled=True, minutes=window // 60)
            response = self.render_to_response(ctx, status=429)
            response["Retry-After"] = str(window)
            return response
        return super().form_valid(form)


def reserve_reset(email: str, ip: str) -> bool:
    window = int(getattr(settings, "PLANWATCH_RESET_WINDOW", 3600))
    digest = hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]
    return throttle.reserve(
        [
            throttle.Limit(
                f"reset:e:{digest}", int(getattr(settings, "PLANWATCH_RESET_PER_EMAIL", 3)), window
            ),
            throttle.Limit(
                f"reset:ip:{ip}", int(getattr(settings, "PLANWATCH_RESET_PER_IP", 20)), window
            ),
        ]
    )
