from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

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
