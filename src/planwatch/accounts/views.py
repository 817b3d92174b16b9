from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from planwatch.orgs.access import get_access


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Who am I and where: the roles a user holds, so nobody has to guess their access."""
    return render(request, "accounts/profile.html", {"access": get_access(request)})
