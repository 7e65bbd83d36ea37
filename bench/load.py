"""HTTP load on loopback: the production server (gunicorn, sync workers, as docs/deployment.md
runs it) started on a free port, and a bounded load generator of several client processes.

Each client opens a connection per request (gunicorn's sync workers close it after each answer)
and runs for a fixed time; throughput is the successful answers per second of all clients,
latency the p50 and p99 of every request. A request that fails, times out or answers with an
unexpected status counts as an error.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Job:
    """What every client sends: ``body`` (JSON) gets ``{n}`` in its strings replaced by a number
    unique to the request, and the header ``Idempotency-Key`` too when ``unique_key``."""

    method: str
    path: str
    ok: tuple[int, ...] = (200,)
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, object] | None = None
    unique_key: bool = False
    # Requests taken in turn instead of (path, headers, body): e.g. intake spread over units.
    variants: tuple[tuple[str, dict[str, str], dict[str, object] | None], ...] = ()


@dataclass(frozen=True)
class Result:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    statuses: dict[int, int]
    server_cpu_ms: float = 0.0  # the workers' CPU per successful answer

    @property
    def rate(self) -> float:
        return (self.requests - self.errors) / self.seconds


def server_cpu(pid: int) -> float:
    """CPU seconds spent so far by the server's worker processes (Linux /proc; 0 elsewhere):
    what a request costs the server, whatever the load generator on the same cores costs."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    proc = Path("/proc")
    if not proc.exists():
        return 0.0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # ppid: a worker of this server
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(*, workers: int) -> Iterator[tuple[str, int, int]]:
    """gunicorn serving Danchu with this process's settings (the same database)."""
    port = free_port()
    env = {**os.environ, "DANCHU_LOG_LEVEL": "ERROR", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(  # noqa: S603  # our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "danchu.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--backlog",
            "512",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _once("127.0.0.1", port, Job("GET", "/healthz"), 0)[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        yield "127.0.0.1", port, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _fill(value: object, n: str) -> object:
    if isinstance(value, str):
        return value.replace("{n}", n)
    if isinstance(value, list):
        return [_fill(v, n) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, n) for k, v in value.items()}
    return value


def _once(host: str, port: int, job: Job, n: int, tag: str = "") -> tuple[int, float]:
    key = f"{tag}-{n}"
    path, headers, template = job.path, dict(job.headers), job.body
    if job.variants:
        path, extra, template = job.variants[n % len(job.variants)]
        headers.update(extra)
    body = None
    if template is not None:
        body = json.dumps(_fill(template, key)).encode()
        headers["Content-Type"] = "application/json"
    if job.unique_key:
        headers["Idempotency-Key"] = key
    began = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(job.method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        status = response.status
    finally:
        conn.close()
    return status, time.perf_counter() - began


def _client(args: tuple[str, int, Job, float, str]) -> tuple[int, int, list[float], dict[int, int]]:
    host, port, job, seconds, tag = args
    done = errors = 0
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        try:
            status, spent = _once(host, port, job, done, tag)
        except OSError:
            status, spent = 0, 0.0
        done += 1
        statuses[status] = statuses.get(status, 0) + 1
        if status not in job.ok:
            errors += 1
        latencies.append(spent)
    return done, errors, latencies, statuses


def load(address: tuple[str, int, int], job: Job, *, clients: int, seconds: float) -> Result:
    """``clients`` processes sending ``job`` for ``seconds``."""
    host, port, pid = address
    cpu_before = server_cpu(pid)
    run = f"{os.getpid()}-{time.time_ns()}"
    context = multiprocessing.get_context("fork")
    with context.Pool(clients) as pool:
        parts = pool.map(
            _client, [(host, port, job, seconds, f"{run}-{c}") for c in range(clients)]
        )
    latencies = sorted(x for p in parts for x in p[2])
    statuses: dict[int, int] = {}
    for p in parts:
        for status, count in p[3].items():
            statuses[status] = statuses.get(status, 0) + count
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0
    answered = sum(p[0] - p[1] for p in parts)
    return Result(
        server_cpu_ms=(server_cpu(pid) - cpu_before) * 1e3 / max(answered, 1),
        requests=sum(p[0] for p in parts),
        errors=sum(p[1] for p in parts),
        seconds=seconds,  # each client stops at the same time; the pool's start is not load
        p50_ms=statistics.median(latencies) * 1e3 if latencies else 0.0,
        p99_ms=p99 * 1e3,
        statuses=statuses,
    )
