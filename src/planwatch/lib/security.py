"""Response headers every page gets, and a brake on password guessing.

`SecurityHeadersMiddleware` sets a Content-Security-Policy (scripts only from our origin or
inline with the request's nonce, `{{ request.csp_nonce }}` in templates; no plugins, no
framing, forms post only to us), Referrer-Policy, X-Content-Type-Options, X-Frame-Options,
Permissions-Policy and Cross-Origin-Opener-Policy. A view that sets its own header (the
evidence view's `sandbox` CSP) keeps it.

`LoginRateLimitMiddleware` refuses a login POST with 429 once a username has failed
PLANWATCH_LOGIN_FAILURES times (default 5) from one IP address within
PLANWATCH_LOGIN_WINDOW seconds (default 15 minutes), or the address has failed
PLANWATCH_LOGIN_IP_FAILURES times (default 50) for any usernames. The accounts login and the
admin login share the counters. Each attempt is *reserved* before its password is checked
(`throttle.reserve`: one conditional UPDATE per counter, in the `lib.AttemptCounter` table), so
40 concurrent wrong passwords get at most 5 password checks; a successful login then clears
its username's counter and gives the address its attempt back. Refused attempts are counted
too (the window is not extended by them). An attempt refused while the username's slots are
held only by attempts still being checked waits for them (up to PLANWATCH_LOGIN_WAIT seconds,
default 5) instead of being told "too many attempts" for what may be a correct password. Password checks outside the login pages are counted
from Django's `user_login_failed` signal. Locking is per username *and* address on purpose: a
stranger who knows a username cannot lock its owner out from another address.

django-axes was considered and not used: its backend reads the failure count before the
password check and its `user_login_failed` handler adds one after it, so concurrent attempts
all pass the read (check-then-record), the very race this module closes.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from planwatch.lib import throttle

CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CSP.format(nonce=request.csp_nonce)
        for name, value in HEADERS.items():
            if name not in response:
                response[name] = value
        return response


# -- login rate limit ----------------------------------------------------------------------


def _limits() -> tuple[int, int, int]:
    return (
        int(getattr(settings, "PLANWATCH_LOGIN_FAILURES", 5)),
        int(getattr(settings, "PLANWATCH_LOGIN_IP_FAILURES", 50)),
        int(getattr(settings, "PLANWATCH_LOGIN_WINDOW", 15 * 60)),
    )


LOGIN_WAIT_POLL = 0.05  # seconds between looks while other attempts of a username are checked


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR: behind a proxy, the proxy must set it (X-Forwarded-For can be forged)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def _keys(username: str, ip: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{username.strip().casefold()}\0{ip}".encode()).hexdigest()[:32]
    return f"login:u:{digest}", f"login:ip:{ip}"


def _failures_key(user_key: str) -> str:
    """Attempts of the username that *finished* as wrong passwords (the reservations above also
    hold attempts still being checked)."""
    return user_key.replace("login:u:", "login:f:", 1)


def reserve_login(username: str, ip: str, wait: bool = False) -> bool:
    """Count this login attempt as a failure *before* the password is checked; False when the
    username (from this address) or the address is over its limit.

    With `wait`, an attempt refused only because the username's slots are held by attempts
    still being checked (a success will clear them) waits for them, up to
    PLANWATCH_LOGIN_WAIT seconds: six browsers of one office logging in at once must not be
    told "too many failed attempts" for a correct password. It stops waiting as soon as the
    finished failures reach the limit, so guesses stay bounded as before."""
    per_user, per_ip, window = _limits()
    user_key, ip_key = _keys(username, ip)
    user_ok, ip_ok = throttle.reserve_each(
        [throttle.Limit(user_key, per_user, window), throttle.Limit(ip_key, per_ip, window)]
    )
    if user_ok and ip_ok:
        return True
    if not wait or not ip_ok:
        return False
    deadline = time.monotonic() + float(getattr(settings, "PLANWATCH_LOGIN_WAIT", 5))
    failures_key = _failures_key(user_key)
    while time.monotonic() < deadline:
        if throttle.count(failures_key) >= per_user:
            return False  # locked by finished failures, not by attempts in flight
        time.sleep(LOGIN_WAIT_POLL)
        # this attempt holds its address slot already; only the username's slot is retried
        if throttle.take(throttle.Limit(user_key, per_user, window)):
            return True
    return False


def login_counts(username: str, ip: str) -> tuple[int, int]:
    """(attempts of the username from the address, attempts from the address) in the window."""
    return tuple(throttle.count(key) for key in _keys(username, ip))


@receiver(user_login_failed, dispatch_uid="planwatch_login_failed")
def _on_login_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    """A login page's attempt is counted already (its failure is recorded as finished); any
    other password check counts here."""
    if request is None:
        return
    username = str(credentials.get("username") or "")
    if not getattr(request, "_planwatch_login_reserved", False):
        reserve_login(username, client_ip(request))
    window = _limits()[2]
    failures_key = _failures_key(_keys(username, client_ip(request))[0])
    throttle.reserve([throttle.Limit(failures_key, 2**31 - 1, window)])


@receiver(user_logged_in, dispatch_uid="planwatch_logged_in")
def _on_logged_in(sender, request, user, **kwargs) -> None:
    """A success clears its username's count and gives the address its attempt back."""
    if request is not None and getattr(request, "_planwatch_login_reserved", False):
        ip = client_ip(request)
        for username in {str(request.POST.get("username") or ""), user.get_username()}:
            user_key = _keys(username, ip)[0]
            throttle.clear(user_key)
            throttle.clear(_failures_key(user_key))
        throttle.release(_keys("", ip)[1])


class LoginRateLimitMiddleware:
    """429 for a login POST while its username+address (or the address) is locked.

    Sits before `AtomicWritesMiddleware`, so the reservation commits at once and the
    requests running beside this one see it."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self._paths: set[str] | None = None

    def login_paths(self) -> set[str]:
        if self._paths is None:
            paths = set()
            for name in ("login", "admin:login"):
                with contextlib.suppress(NoReverseMatch):
                    paths.add(reverse(name))
            self._paths = paths
        return self._paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path_info in self.login_paths():
            username = str(request.POST.get("username") or "")
            if not request.POST.get("password"):
                return self.get_response(request)  # no password is checked: nothing to count
            request._planwatch_login_reserved = True
            if not reserve_login(username, client_ip(request), wait=True):
                window = _limits()[2]
                response = render(
                    request, "lib/too_many_logins.html", {"minutes": window // 60}, status=429
                )
                response["Retry-After"] = str(window)
                return response
        return self.get_response(request)
