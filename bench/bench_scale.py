#!/usr/bin/env python3
"""National scale under load: p50/p95 of the main pages and API lists against a real server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/planwatch_scale \\
        .venv/bin/python bench/bench_scale.py [--seed 1500] [--seconds 6] [--concurrency 4]

Needs PostgreSQL holding a `manage.py seed_scale` country (`--seed N` seeds one first when the
database has none). Without a PostgreSQL DATABASE_URL it prints why it is skipped and exits 0,
so `make bench` stays usable on a laptop.

What it does: migrates, collects static files into a temporary folder, starts gunicorn
(2 gthread workers × 4 threads, DEBUG off, persistent connections) on a free loopback port,
logs people in by creating their sessions, then for each URL runs `--concurrency` keep-alive
client threads for `--seconds` and prints p50/p95/max latency, requests per second and errors,
then a mixed run over all URLs, the workers' RSS and each page's query count (measured with
the test client in this process). Targets: p95 ≤ 200 ms for pages, ≤ 100 ms for API lists.

`--cpu N` instead: no server, no load; each URL requested N times in this process (DEBUG
off) and the median CPU ms printed with the wall time, the queries and their database time —
the figure to compare before and after a change on a machine others are using.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
PAGE_TARGET_MS, API_TARGET_MS = 200.0, 100.0


@dataclass
class Target:
    label: str
    url: str
    user: str | None  # username, None for anonymous
    api: bool = False
    cookie: str = ""


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PLANWATCH_BENCH_DATABASE_URL")
        or os.environ.get("DATABASE_URL", ""),
    )
    parser.add_argument(
        "--seed",
        "--communities",
        type=int,
        default=int(os.environ.get("PLANWATCH_BENCH_COMMUNITIES") or 0),
        help="seed N communities first if the database has no country yet",
    )
    parser.add_argument("--prefix", default="scale", help="seed_scale's username prefix")
    parser.add_argument("--seconds", type=float, default=6.0, help="load time per URL")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument(
        "--only", default="", help="comma-separated words: URLs whose label has one"
    )
    parser.add_argument(
        "--counts-only", action="store_true", help="queries per request, no server, no load"
    )
    parser.add_argument(
        "--cpu",
        type=int,
        default=0,
        metavar="N",
        help="in-process, no server, no load: median CPU ms of N requests per URL (steady on "
        "a shared machine, where the wall clock counts waiting for a core), queries, their time",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="with --only: cProfile N in-process requests of each chosen URL and print the "
        "functions with the most own time (where the CPU of --cpu goes)",
    )
    parser.add_argument(
        "--page-size", type=int, default=0, help="page_size for the API lists (default: 50)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument(
        "--servers",
        type=int,
        default=1,
        help="gunicorn servers on one database; client threads spread over them as behind "
        "a load balancer (compare --servers 1 --workers 2 with --servers 2 --workers 1)",
    )
    parser.add_argument("--threads", type=int, default=4)
    return parser.parse_args(argv)


def _django_configured() -> bool:
    from django.conf import settings

    return settings.configured


def skip(reason: str) -> int:
    print(f"bench_scale: skipped — {reason}")
    print(
        "  run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/planwatch_scale "
        ".venv/bin/python bench/bench_scale.py --seed 1500"
    )
    return 0


BENCH_SECRET = "bench-scale-not-secret"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["SECRET_KEY"] = BENCH_SECRET  # the server's: our sessions must verify there
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    import django

    django.setup()


def prepare(args) -> bool:
    """Migrate; seed when asked and empty. False when there is no seeded country."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    admin = f"{args.prefix}-admin"
    if not get_user_model().objects.filter(username=admin).exists():
        if not args.seed:
            return False
        t0 = time.perf_counter()
        call_command("seed_scale", communities=args.seed, prefix=args.prefix)
        print(f"seeded {args.seed} communities in {time.perf_counter() - t0:.0f} s")
    return True


def targets(prefix: str) -> list[Target]:
    """The pages and lists people open most, for a typical community and the whole country."""
    from planwatch.monitoring.models import ExpectedReport
    from planwatch.plans.models import Plan

    owner_coord = f"{prefix}-c1-coordinator"
    from django.contrib.auth import get_user_model

    coord = get_user_model().objects.get(username=owner_coord)
    community = coord.memberships.select_related("org").first().org
    plan = Plan.objects.filter(owner=community).first()
    measure = plan.current_revision.measures.order_by("position")[40]
    slot = ExpectedReport.objects.filter(plan=plan, report__isnull=False).order_by("pk").first()
    admin, obl = f"{prefix}-admin", f"{prefix}-o1-coordinator"
    exe = f"{prefix}-c1-executor"
    return [
        Target("plans list (community)", "/plans/", owner_coord),
        Target("plans list (oblast)", "/plans/", obl),
        Target("plans list (superuser)", "/plans/", admin),
        Target("plan page", f"/plans/{plan.pk}/", owner_coord),
        Target("measure page", f"/plans/{plan.pk}/measures/{measure.pk}/", owner_coord),
        Target("monitoring dashboard", f"/monitoring/plans/{plan.pk}/", owner_coord),
        Target("drill-down list", f"/monitoring/plans/{plan.pk}/reports/", owner_coord),
        Target("report page", f"/monitoring/reports/{slot.pk}/", owner_coord),
        Target("executor page", "/monitoring/", exe),
        Target("public plan page", f"/public/plans/{plan.pk}/", None),
        Target("public index", "/public/", None),
        Target("API plans", "/api/v1/plans/", admin, api=True),
        Target("API measures", "/api/v1/measures/", admin, api=True),
        Target("API reports", "/api/v1/reports/", admin, api=True),
        Target("API organizations", "/api/v1/organizations/", admin, api=True),
        Target("API measures (community)", "/api/v1/measures/", owner_coord, api=True),
        Target("API reports (executor)", "/api/v1/reports/", exe, api=True),
    ]


def login_cookies(items: list[Target]) -> None:
    """A session per user, as a login would create it (no password hashing in the loop)."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    cookies: dict[str, str] = {}
    for t in items:
        if t.user is None:
            continue
        if t.user not in cookies:
            user = get_user_model().objects.get(username=t.user)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            cookies[t.user] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
        t.cookie = cookies[t.user]


def query_counts(items: list[Target]) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out = {}
    for t in items:
        client = Client(HTTP_HOST="127.0.0.1")
        if t.user:
            client.force_login(get_user_model().objects.get(username=t.user))
        client.get(t.url)  # first visit may compute (expected reports, caches)
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(t.url).status_code
        out[t.label] = len(ctx.captured_queries) if status == 200 else -status
    return out


def cpu_costs(items: list[Target], runs: int) -> None:
    """Median CPU ms per request in this process (the test client: the whole middleware stack
    and the JSON rendering, DEBUG off), then the queries and their summed database time."""
    import statistics

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for t in items:
        client = Client(HTTP_HOST="127.0.0.1")
        if t.user:
            client.force_login(get_user_model().objects.get(username=t.user))
        headers = {"HTTP_ACCEPT": "application/json"} if t.api else {}
        size = len(client.get(t.url, **headers).content)  # warm-up
        cpu, wall = [], []
        for _ in range(runs):
            c0, t0 = time.process_time(), time.perf_counter()
            client.get(t.url, **headers)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - t0) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get(t.url, **headers)
        db_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
        print(
            f"  {t.label:28s} CPU {statistics.median(cpu):6.1f} ms  wall "
            f"{statistics.median(wall):6.1f} ms  queries {len(ctx.captured_queries):2d} "
            f"({db_ms:5.1f} ms)  {size / 1024:6.1f} KB"
        )


def profile(items: list[Target], runs: int, top: int = 35) -> None:
    """cProfile `runs` requests of each URL in this process; the functions with the most
    own time, then the most cumulative time."""
    import cProfile
    import pstats

    from django.contrib.auth import get_user_model
    from django.test import Client

    for t in items:
        client = Client(HTTP_HOST="127.0.0.1")
        if t.user:
            client.force_login(get_user_model().objects.get(username=t.user))
        headers = {"HTTP_ACCEPT": "application/json"} if t.api else {}
        client.get(t.url, **headers)  # warm-up
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(runs):
            client.get(t.url, **headers)
        prof.disable()
        print(f"== {t.label}: {runs} requests")
        stats = pstats.Stats(prof, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)
        if os.environ.get("BENCH_CALLERS"):
            stats.print_callers(os.environ["BENCH_CALLERS"])
        if os.environ.get("BENCH_CALLEES"):
            stats.print_callees(os.environ["BENCH_CALLEES"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args, url: str, static: str) -> tuple[subprocess.Popen, int, str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": BENCH_SECRET,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static,
        "CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT / "src"),
    }
    py = sys.executable
    if not Path(static, "staticfiles.json").exists():
        subprocess.run(
            [py, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
    port = free_port()
    gunicorn = Path(py).with_name("gunicorn")
    if gunicorn.exists():
        cmd = [str(gunicorn), "planwatch.wsgi:application", "-b", f"127.0.0.1:{port}"]
        cmd += ["-k", "gthread", "-w", str(args.workers), "--threads", str(args.threads)]
        cmd += ["--log-level", "warning", "--access-logfile", "-", "--access-logformat", ""]
        kind = f"gunicorn {args.workers}×{args.threads} gthread"
    else:
        cmd = [py, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
        kind = "runserver (threaded; gunicorn is not installed)"
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc, port, kind
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("the server did not start within 60 s")


def hammer(ports, items: list[Target], seconds: float, concurrency: int) -> Result:
    """`concurrency` threads, each with its own keep-alive connection, round-robin over items.

    With several servers (`ports` a list) thread n talks to server n mod len(ports), as a
    load balancer would spread keep-alive clients."""
    ports = [ports] if isinstance(ports, int) else list(ports)
    result = Result()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(offset: int) -> None:
        port = ports[offset % len(ports)]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = offset
        mine, statuses, errors = [], {}, 0
        while time.monotonic() < stop:
            t = items[i % len(items)]
            i += 1
            headers = {"Cookie": t.cookie} if t.cookie else {}
            if t.api:
                headers["Accept"] = "application/json"
            t0 = time.perf_counter()
            try:
                conn.request("GET", t.url, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append((time.perf_counter() - t0) * 1000)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status != 200:
                errors += 1
        conn.close()
        with lock:
            result.latencies += mine
            result.errors += errors
            for k, v in statuses.items():
                result.statuses[k] = result.statuses.get(k, 0) + v

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return result


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def rss_mb(proc: subprocess.Popen) -> list[float]:
    """RSS of the server's worker processes (gunicorn's children, else the process)."""
    pids = [proc.pid]
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    if children.exists():
        pids = [int(p) for p in children.read_text().split()] or pids
    out = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out.append(int(line.split()[1]) / 1024)
    return out


def report(label: str, r: Result, seconds: float, target: float | None) -> None:
    p50, p95 = pct(r.latencies, 0.5), pct(r.latencies, 0.95)
    verdict = "" if target is None else ("ok" if p95 <= target else f"MISS (≤ {target:.0f})")
    print(
        f"  {label:28s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {max(r.latencies or [0]):7.1f}"
        f"  {len(r.latencies) / seconds:6.1f} req/s  errors {r.errors}  {verdict}"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "django.conf" in sys.modules and _django_configured():
        # run from bench/run.py after a bench that set Django up on another database
        return subprocess.call([sys.executable, __file__, *argv], cwd=ROOT)
    args = parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        return skip("needs PostgreSQL: set DATABASE_URL (or --database-url) to a postgres:// URL")
    try:
        import psycopg

        psycopg.connect(
            args.database_url.replace("postgres://", "postgresql://"), connect_timeout=3
        ).close()
    except Exception as exc:  # noqa: BLE001 — any failure to connect is a reason to skip
        return skip(f"no PostgreSQL at {args.database_url} ({str(exc).splitlines()[0]})")
    static = tempfile.mkdtemp(prefix="planwatch-bench-static-")
    try:
        return run(args, static)
    finally:
        shutil.rmtree(static, ignore_errors=True)


def run(args, static: str) -> int:
    if (
        args.cpu or args.profile
    ):  # as the server runs: DEBUG off (no query log kept), so the pages need the
        # static files' manifest: collected into the temporary folder, as for the server
        os.environ.update(DEBUG="0", ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0")
        os.environ["STATIC_ROOT"] = static
    setup_django(args.database_url)
    if not prepare(args):
        return skip(f"no seeded country ({args.prefix}-admin missing); pass --seed 1500")
    from planwatch.plans.models import Measure, Plan

    print(
        f"data: {Plan.objects.count():,} plans, {Measure.objects.count():,} measures "
        f"({args.database_url.rsplit('/', 1)[-1]})"
    )
    items = targets(args.prefix)
    if args.only:
        words = [w.strip() for w in args.only.split(",") if w.strip()]
        items = [t for t in items if any(w in t.label for w in words)]
        if not items:
            print(f"bench_scale: no URL's label has any of {words}")
            return 2
    for t in items:
        if t.api and args.page_size:
            t.url += f"?page_size={args.page_size}"
    if args.cpu or args.profile:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        if args.profile:
            profile(items, args.profile)
            return 0
        print(f"in-process, median of {args.cpu} requests each:")
        cpu_costs(items, args.cpu)
        return 0
    login_cookies(items)
    counts = query_counts(items)
    if args.counts_only:
        print("queries per request: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        return 0
    procs, ports = [], []
    try:
        for _ in range(args.servers):
            proc, port, kind = start_server(args, args.database_url, static)
            procs.append(proc)
            ports.append(port)
        where = ", ".join(f"127.0.0.1:{p}" for p in ports)
        print(f"servers: {args.servers} × {kind} on {where}; {args.concurrency} client threads")
        rss = lambda: ", ".join(f"{m:.0f} MB" for proc in procs for m in rss_mb(proc))  # noqa: E731
        hammer(ports, items, min(3.0, args.seconds), args.concurrency)  # warm-up
        print(f"rss after warm-up: {rss()}")
        misses = 0
        for t in items:
            r = hammer(ports, [t], args.seconds, args.concurrency)
            target = API_TARGET_MS if t.api else PAGE_TARGET_MS
            report(t.label, r, args.seconds, target)
            misses += pct(r.latencies, 0.95) > target or r.errors > 0
        mixed = hammer(ports, items, args.seconds * 2, args.concurrency)
        report("mixed (all of the above)", mixed, args.seconds * 2, None)
        print(f"rss after load: {rss()} per worker")
        print("queries per request: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        print(f"{len(items) - misses}/{len(items)} within target")
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
