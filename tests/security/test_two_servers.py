"""A deployment of two: two gunicorn servers and two job-worker machines (each running
`run_import_jobs --loop` and `run_report_jobs --loop`) on one PostgreSQL database and one
S3-compatible object store (moto's standalone server on loopback, started here).

Each process gets a PLANWATCH_VAR_DIR of its own, so a file that reached another server only
through its local disk would be missing: everything must go through the database or the
bucket. The client plays the load balancer: it sends each request to one server and, when
that server is gone, the same request to the other.

PostgreSQL only (the SQLite pass skips it, saying so; `scripts/run_tests.py` runs it in its
PostgreSQL pass, and under CI=true a missing PostgreSQL fails the run there).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.plans.test_import_upload import TEXT_PLAN
from tests.security.stack import (
    ROOT,
    csrf_of,
    free_port,
    log_in,
    manage,
    stack_database,
    wait_until_up,
)

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BUCKET = "planwatch-two"
SCAN = ROOT.parent / "shared" / "samples" / "pdf" / "002-scan.pdf"
EVIDENCE = b"%PDF-1.4\n% evidence uploaded on server B\n%%EOF\n"
LINK = {
    "draft": re.compile(r"^/plans/import/(\d+)/$"),
    "plan": re.compile(r"^/plans/(\d+)/$"),
    "evidence": re.compile(r"/monitoring/evidence/(\d+)/"),
    "file": re.compile(r"/reports/files/(\d+)/"),
}


def _requirements() -> str | None:
    """Why this cannot run here, or None."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return (
            "the two-server deployment needs PostgreSQL: it runs in the PostgreSQL pass of "
            "scripts/run_tests.py (DATABASE_URL=postgres://…)"
        )
    try:
        import boto3  # noqa: F401
        import moto.server  # noqa: F401
    except ImportError:
        return "moto[server] and boto3 are not installed (pip install -e '.[dev]')"
    return None


@dataclass
class Deployment:
    servers: dict[str, str]
    env: dict
    tmp: Path
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def a(self) -> str:
        return self.servers["A"]

    @property
    def b(self) -> str:
        return self.servers["B"]

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def s3(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.env["PLANWATCH_S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )

    def objects(self, prefix: str) -> list[str]:
        listed = self.s3().list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return [o["Key"] for o in listed.get("Contents", [])]

    def sql(self, query: str, *args) -> list[tuple]:
        import psycopg

        url = self.env["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
        with psycopg.connect(url) as conn:
            return conn.execute(query, args).fetchall()


def start(deployment: Deployment, name: str, args: list[str], env: dict) -> None:
    log = open(deployment.tmp / f"{name}.log", "w")  # noqa: SIM115 — the process owns it
    deployment.procs[name] = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()


def own_var(env: dict, tmp: Path, name: str) -> dict:
    return {**env, "PLANWATCH_VAR_DIR": str(tmp / f"var-{name}")}


def wait_for_s3(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=5).status_code < 500:
                return
        time.sleep(0.2)
    raise RuntimeError("the S3 server did not start")


@contextlib.contextmanager
def two_servers() -> Iterator[Deployment]:
    with tempfile.TemporaryDirectory(prefix="planwatch-two-") as tmp_name:
        tmp = Path(tmp_name)
        with stack_database(tmp_name, suffix="_two") as db:
            deployment = Deployment({}, {}, tmp)
            try:
                yield from _run(deployment, db)
            finally:
                for proc in deployment.procs.values():
                    if proc.poll() is None:
                        proc.terminate()
                for proc in deployment.procs.values():
                    try:
                        proc.wait(20)
                    except subprocess.TimeoutExpired:
                        proc.kill()


def _run(deployment: Deployment, db: str) -> Iterator[Deployment]:
    tmp = deployment.tmp
    s3_port = free_port()
    start(
        deployment,
        "s3",
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)],
        dict(os.environ),
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DATABASE_URL=db,
        DEBUG="1",
        PLANWATCH_REPORTS_INLINE="0",  # reports go to the workers, as in production
        PLANWATCH_S3_BUCKET=BUCKET,
        PLANWATCH_S3_ENDPOINT_URL=f"http://127.0.0.1:{s3_port}",
        PLANWATCH_S3_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
        PYTHONPATH=str(ROOT / "src"),
        PLANWATCH_WORKER_MEMORY_MB="0",
    )
    deployment.env = env
    wait_for_s3(env["PLANWATCH_S3_ENDPOINT_URL"])
    deployment.s3().create_bucket(Bucket=BUCKET)
    manage(own_var(env, tmp, "setup"), "migrate", "--noinput")
    for name in ("A", "B"):
        port = free_port()
        gunicorn = [sys.executable, "-m", "gunicorn", "planwatch.wsgi:application"]
        gunicorn += ["-b", f"127.0.0.1:{port}", "-k", "gthread", "-w", "1", "--threads", "4"]
        start(deployment, f"server-{name}", gunicorn, own_var(env, tmp, name))
        deployment.servers[name] = f"http://127.0.0.1:{port}"
    for machine in ("1", "2"):
        for worker in ("run_import_jobs", "run_report_jobs"):
            start(
                deployment,
                f"{worker}-{machine}",
                [sys.executable, "manage.py", worker, "--loop", "--interval", "0.5"],
                own_var(env, tmp, f"worker-{machine}"),
            )
    manage(own_var(env, tmp, "setup"), "load_demo")  # while the servers start
    for base in deployment.servers.values():
        wait_until_up(base)
    yield deployment


@pytest.fixture(scope="module")
def deployment():
    reason = _requirements()
    if reason is not None:
        if CI and "PostgreSQL" not in reason:
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    with two_servers() as running:
        yield running


def form_post(session, url: str, data: dict, page_url: str = "") -> requests.Response:
    """POST as the page at `page_url` (default: `url` itself) would, with its CSRF token."""
    page = session.get(page_url or url, timeout=120)
    assert page.status_code == 200, (page_url or url, page.status_code)
    data = {"csrfmiddlewaretoken": csrf_of(page.text), **data}
    return session.post(
        url, data=data, headers={"Referer": page_url or url}, allow_redirects=False, timeout=120
    )


def owner_of(html: str) -> str:
    found = re.search(r'<option value="(\d+)" selected>', html)
    return found.group(1) if found else ""


def upload(session, base: str, name: str, data: bytes) -> int:
    url = f"{base}/plans/import/"
    page = session.get(url, timeout=120)
    posted = session.post(
        url,
        data={"csrfmiddlewaretoken": csrf_of(page.text), "owner": owner_of(page.text)},
        files={"file": (name, data)},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=120,
    )
    found = LINK["draft"].match(posted.headers.get("Location", ""))
    assert found, (posted.status_code, posted.headers.get("Location"), posted.text[:500])
    return int(found.group(1))


def wait_for(check, seconds: float, what: str, poll: float = 0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(poll)
    raise AssertionError(f"{what}: not within {seconds:.0f} s")


def stored_upload(deployment, draft: int) -> str:
    """The draft's file: in the bucket, with the sha256 the row keeps, on no server's disk."""
    name, digest = deployment.sql(
        "SELECT file, file_sha256 FROM plans_importdraft WHERE id = %s", draft
    )[0]
    key = f"uploads/{name}"
    assert deployment.objects(key) == [key], (key, deployment.objects("uploads/"))
    body = deployment.s3().get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert hashlib.sha256(body).hexdigest() == digest
    on_disk = [p for p in deployment.tmp.glob("var-*/**/*") if p.is_file()]
    assert not [p for p in on_disk if "uploads" in p.parts], on_disk
    return key


def test_a_plan_uploaded_on_a_is_reviewed_and_published_on_b(deployment):
    session, codes = log_in(deployment.a, "coordinator")
    assert codes == [200, 302, 200]
    draft = upload(session, deployment.a, "plan-two-servers.txt", TEXT_PLAN.encode())
    key = stored_upload(deployment, draft)
    body = deployment.s3().get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert body == TEXT_PLAN.encode()
    review = session.get(f"{deployment.b}/plans/import/{draft}/", timeout=120)
    assert review.status_code == 200
    assert "проведення інформаційної кампанії для батьків" in review.text
    published = form_post(
        session,
        f"{deployment.b}/plans/import/{draft}/publish/",
        {},
        page_url=f"{deployment.b}/plans/import/{draft}/",
    )
    assert published.status_code == 302, published.text[:500]
    plan = LINK["plan"].match(published.headers["Location"])
    assert plan, published.headers["Location"]
    assert session.get(f"{deployment.a}/plans/{plan.group(1)}/", timeout=120).status_code == 200
    assert stored_upload(deployment, draft) == key  # a published plan keeps its source file


def test_a_draft_uploaded_on_a_and_discarded_on_b_leaves_the_bucket(deployment):
    session, _ = log_in(deployment.a, "coordinator")
    draft = upload(session, deployment.a, "plan-discarded.txt", TEXT_PLAN.encode())
    key = stored_upload(deployment, draft)
    discarded = form_post(
        session,
        f"{deployment.b}/plans/import/{draft}/discard/",
        {},
        page_url=f"{deployment.b}/plans/import/{draft}/",
    )
    assert discarded.status_code == 302, discarded.text[:500]
    assert deployment.objects(key) == []


def test_a_scanned_pdf_is_read_exactly_once_by_whichever_worker_claims_it(deployment, tmp_path):
    import pikepdf

    if shutil.which("tesseract") is None:
        if CI:
            pytest.fail("CI=true: tesseract is missing (apt-get install tesseract-ocr-ukr)")
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr-ukr)")

    with pikepdf.open(SCAN) as source, pikepdf.new() as one_page:
        one_page.pages.append(source.pages[0])  # one page: OCR in seconds, not minutes
        one_page.save(tmp_path / "scan.pdf")
    session, _ = log_in(deployment.b, "coordinator")
    draft = upload(session, deployment.b, "scan.pdf", (tmp_path / "scan.pdf").read_bytes())
    key = stored_upload(deployment, draft)
    query = "SELECT parse_status, attempts, parse_error FROM plans_importdraft WHERE id = %s"
    status, attempts, error = wait_for(
        lambda: next(
            (r for r in deployment.sql(query, draft) if r[0] not in ("queued", "running")), None
        ),
        240,
        "the scanned PDF was not read",
    )
    time.sleep(2)  # the other worker has polled several times since
    status, attempts, error = deployment.sql(query, draft)[0]
    assert (status, attempts) == ("ready", 1), error
    done = [
        int(count)
        for machine in ("1", "2")
        for count in re.findall(
            r"import jobs: (\d+) done", deployment.log(f"run_import_jobs-{machine}")
        )
    ]
    assert done == [1], done  # one worker read it, once
    # ... from the bucket (no worker has it on disk): moto logs each request it answers
    reads = deployment.log("s3").count(f"GET /{BUCKET}/{key}")
    assert reads >= 2, deployment.log("s3")[-2000:]  # stored_upload's own read and the worker's
    assert stored_upload(deployment, draft) == key
    page = session.get(f"{deployment.a}/plans/import/{draft}/", timeout=120)
    assert page.status_code == 200 and 'http-equiv="refresh"' not in page.text


def my_expected_report(deployment, base: str) -> int:
    token = manage(own_var(deployment.env, deployment.tmp, "setup"), "api_token", "executor")
    headers = {"Authorization": f"Token {token.strip().split()[-1]}"}
    page = requests.get(
        f"{base}/api/v1/reports/?mine=true&page_size=50", headers=headers, timeout=120
    )
    return next(r["id"] for r in page.json()["results"] if r["can_write"])


def test_evidence_uploaded_on_b_downloads_on_a(deployment):
    session, _ = log_in(deployment.b, "executor")
    url = f"{deployment.b}/monitoring/reports/{my_expected_report(deployment, deployment.b)}/"
    page = session.get(url, timeout=120)
    seen = re.search(r'name="seen" value="([^"]*)"', page.text)
    posted = session.post(
        url,
        data={
            "csrfmiddlewaretoken": csrf_of(page.text),
            "action": "save",
            "outcome": "done",
            "narrative": "Акт додано на сервері B.",
            "seen": seen.group(1) if seen else "",
        },
        files={"files": ("акт.pdf", EVIDENCE, "application/pdf")},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=120,
    )
    assert posted.status_code == 302, posted.text[:800]
    evidence = LINK["evidence"].search(session.get(url, timeout=120).text)
    assert evidence, "the report page lists no evidence"
    got = session.get(f"{deployment.a}{evidence.group(0)}", timeout=120)
    assert (got.status_code, got.content) == (200, EVIDENCE)
    assert len(deployment.objects("evidence/")) == 1
    assert not list(deployment.tmp.glob("var-*/evidence/**/*.pdf"))  # nothing on a local disk
    anonymous = requests.get(
        f"{deployment.a}{evidence.group(0)}", allow_redirects=False, timeout=60
    )
    assert anonymous.status_code == 302  # to the login: private files only through the view


def test_a_report_made_by_a_worker_downloads_from_either_server(deployment):
    session, _ = log_in(deployment.a, "coordinator")
    plans = session.get(f"{deployment.a}/plans/", timeout=120).text
    plan = re.search(r'href="/plans/(\d+)/"', plans).group(1)
    url = f"{deployment.a}/reports/plans/{plan}/"
    page = session.get(url, timeout=120)
    period = re.search(r'<option value="(\d{4}[^"]*)" selected', page.text) or re.search(
        r'name="period"[^>]*>\s*<option value="([^"]+)"', page.text
    )
    posted = form_post(session, url, {"period": period.group(1), "format": "xlsx"})
    assert posted.status_code == 302, posted.text[:500]
    job = LINK["file"].search(session.get(url, timeout=120).text).group(1)

    def ready():
        status = session.get(f"{deployment.b}/reports/files/{job}/", timeout=120).json()
        assert status["status"] != "failed", status
        return status["status"] == "done"

    wait_for(ready, 120, "the report was not made")
    got = [
        session.get(f"{base}/reports/files/{job}/download/", timeout=120)
        for base in (deployment.a, deployment.b)
    ]
    assert [r.status_code for r in got] == [200, 200]
    assert got[0].content == got[1].content and got[0].content.startswith(b"PK")
    assert len(deployment.objects("reports/")) == 1


def test_killing_a_server_mid_run_loses_no_request(deployment):
    """The load balancer's part: a request whose server vanished goes to the other one."""
    session, _ = log_in(deployment.a, "coordinator")
    paths = ["/plans/", "/monitoring/", "/healthz", "/"] * 30
    served: list[tuple[str, int, bool]] = []

    def one(i: int) -> None:
        first, other = ("A", "B") if i % 2 == 0 else ("B", "A")
        for name, retried in ((first, False), (other, True)):
            try:
                response = session.get(deployment.servers[name] + paths[i], timeout=60)
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                # refused, reset, or cut off in the middle of its body: a GET goes again
                continue
            served.append((name, response.status_code, retried))
            return
        served.append(("none", 0, True))

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(one, i) for i in range(len(paths))]
        wait_for(lambda: len(served) >= 8, 120, "no requests served", poll=0.01)
        # the machine dies: gunicorn's master and its worker at once (a worker left alone
        # would go on serving from the inherited socket until it noticed)
        os.killpg(deployment.procs["server-A"].pid, signal.SIGKILL)
        for future in futures:
            future.result()
    assert len(served) == len(paths)
    assert {code for _, code, _ in served} == {200}, served
    assert any(name == "A" for name, _, _ in served)  # A served before it died
    assert any(retried for _, _, retried in served)  # and its share went to B
