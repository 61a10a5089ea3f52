"""Throughput and latency of `calendar-app serve` next to nginx serving the same all.ics file.

    python bench/bench_serve.py [--duration 10] [--connections 50] [--plans plans]

Serves the bundled plans with ``--today 2026-11-24`` and loads ``/all.ics`` from loopback with
50 keep-alive connections for 10 s: full GETs, then conditional GETs (``If-None-Match`` -> 304).
nginx (one worker, like our one event loop, access log on like ours) serves the very bytes our
server sends, from a file; it is installed with apt-get when missing and we are root, otherwise
skipped with a message. wrk is the load generator when available (installed alongside nginx),
else a small asyncio client; the same tool measures both servers. Besides requests per second,
each server's CPU time per request is read from /proc (on Linux): on a shared machine it moves
less than throughput does. Target: no errors, and our 304s at least 25% of nginx's 304
throughput (issue 10). Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-24"
TARGET_304_SHARE = 0.25


def ensure_tools() -> None:
    missing = [name for name in ("nginx", "wrk") if not shutil.which(name)]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"note: {', '.join(missing)} missing and cannot be installed here (needs root and apt-get)")
        return
    print(f"installing {', '.join(missing)} with apt-get ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
        result = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            print(f"note: `{' '.join(cmd)}` failed: {result.stderr.strip().splitlines()[-1:]}")
            return


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def start_ours(plans: Path, log: Path) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "calendar_app", "serve", "--plans", str(plans), "--today", TODAY, "--port", "0"],
        stdout=subprocess.PIPE, stderr=log.open("wb"), text=True,
    )
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        raise SystemExit(f"calendar-app serve did not start: {line!r} (see {log})")
    return proc, int(m.group(1))


def start_nginx(workdir: Path, body: bytes) -> tuple[subprocess.Popen, int] | None:
    nginx = shutil.which("nginx")
    if not nginx:
        print("nginx: not available; skipping the nginx side (install it: apt-get install nginx)")
        return None
    www = workdir / "www"
    www.mkdir()
    (www / "all.ics").write_bytes(body)
    for d in (workdir, www):
        d.chmod(0o755)
    (www / "all.ics").chmod(0o644)
    port = free_port()
    temp = workdir / "tmp"
    temp.mkdir()
    conf = workdir / "nginx.conf"
    conf.write_text(f"""
worker_processes 1;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log {workdir}/access.log;
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    types {{ text/calendar ics; }}
    charset utf-8;
    charset_types text/calendar;
    etag on;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{port};
        root {www};
        location / {{ add_header Cache-Control no-cache; }}
    }}
}}
""")
    proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(workdir)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            fetch(port, "/all.ics")
            return proc, port
        except OSError:
            if proc.poll() is not None:
                print(f"nginx: did not start ({proc.stderr.read().decode().strip()}); skipping the nginx side")
                return None
            time.sleep(0.05)
    proc.kill()
    print("nginx: did not answer; skipping the nginx side")
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process and its children (nginx's worker), or None without /proc."""
    def own(p: int) -> float:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    try:
        total = own(pid)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                        total += own(int(entry.name))
                except (OSError, ValueError, IndexError):
                    continue
        return total
    except (OSError, ValueError, IndexError):
        return None


def check(name: str, port: int, body: bytes) -> str:
    """The server answers the same bytes with a strong ETag and 304s a matching If-None-Match."""
    status, headers, got = fetch(port, "/all.ics")
    assert status == 200 and got == body, f"{name}: /all.ics is not the expected file"
    assert headers.get("content-type", "").startswith("text/calendar"), f"{name}: {headers.get('content-type')}"
    etag = headers["etag"]
    status, _, _ = fetch(port, "/all.ics", {"If-None-Match": etag})
    assert status == 304, f"{name}: If-None-Match gave {status}, not 304"
    return etag


# --- load generators -------------------------------------------------------------------------


def run_wrk(port: int, headers: dict, duration: int, connections: int) -> dict:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run([*cmd, f"http://127.0.0.1:{port}/all.ics"], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {p: _ms(re.search(rf"^\s+{p}%\s+(\S+)", out, re.M).group(1)) for p in ("50", "99")}
    errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non.group(1)) if non else 0
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": rps, "p50": lat["50"], "p99": lat["99"], "errors": errors, "requests": requests}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_python(port: int, headers: dict, duration: int, connections: int) -> dict:
    request = ("GET /all.ics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
    latencies: list[float] = []
    errors = 0

    async def client(stop: float) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                m = re.search(rb"(?i)content-length:\s*(\d+)", head)
                if m and status != 304:
                    await reader.readexactly(int(m.group(1)))
                latencies.append(time.perf_counter() - t0)
                if status not in (200, 304):
                    errors += 1
        except (OSError, asyncio.IncompleteReadError):
            errors += 1
        finally:
            writer.close()

    async def main() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(client(start + duration) for _ in range(connections)))
        return time.perf_counter() - start

    elapsed = asyncio.run(main())
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"rps": len(latencies) / elapsed, "p50": q[49] * 1000, "p99": q[98] * 1000, "errors": errors,
            "requests": len(latencies)}


# --- main --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (default 10)")
    parser.add_argument("--connections", type=int, default=50, help="concurrent connections (default 50)")
    parser.add_argument("--plans", type=Path, default=ROOT / "plans", help="plans folder (default: bundled)")
    args = parser.parse_args()
    ensure_tools()
    use_wrk = shutil.which("wrk") is not None
    load = run_wrk if use_wrk else run_python
    tool = "wrk -t1 (one load thread)" if use_wrk else "Python asyncio client (wrk not available)"
    print(f"{args.connections} keep-alive connections x {args.duration} s per run on loopback; load: {tool}; "
          f"{os.cpu_count()} CPUs")
    workdir = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    procs = []
    try:
        ours, our_port = start_ours(args.plans, workdir / "serve.log")
        procs.append(ours)
        _, _, body = fetch(our_port, "/all.ics")
        servers = [("calendar-app", our_port, ours.pid)]
        started = start_nginx(workdir, body)
        if started:
            procs.append(started[0])
            servers.append(("nginx", started[1], started[0].pid))
        print(f"all.ics: {len(body)} bytes")
        results = {}
        for name, port, pid in servers:
            etag = check(name, port, body)
            for kind, headers in (("200 full GET", {}), ("304 If-None-Match", {"If-None-Match": etag})):
                cpu0 = cpu_seconds(pid)
                r = results[name, kind] = load(port, headers, args.duration, args.connections)
                cpu1 = cpu_seconds(pid)
                r["cpu_us"] = (cpu1 - cpu0) / r["requests"] * 1e6 if cpu0 is not None and cpu1 and r["requests"] else 0.0
        print(f"\n{'server':<14}{'request':<20}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'requests':>10}{'errors':>8}"
              f"{'CPU us/req':>12}")
        for (name, kind), r in results.items():
            print(f"{name:<14}{kind:<20}{r['rps']:>10.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}"
                  f"{r['requests']:>10}{r['errors']:>8}{r['cpu_us']:>12.1f}")
        ok = all(r["errors"] == 0 for r in results.values())
        print(f"\nerrors: {'none' if ok else 'SOME (target: none)'}")
        if started:
            for kind in ("200 full GET", "304 If-None-Match"):
                share = results["calendar-app", kind]["rps"] / results["nginx", kind]["rps"]
                ours_cpu, nginx_cpu = results["calendar-app", kind]["cpu_us"], results["nginx", kind]["cpu_us"]
                cost = f"; CPU per request {ours_cpu / nginx_cpu:.1f}x nginx's" if ours_cpu and nginx_cpu else ""
                print(f"calendar-app / nginx, {kind}: {share:.0%} of the throughput{cost}")
            share = results["calendar-app", "304 If-None-Match"]["rps"] / results["nginx", "304 If-None-Match"]["rps"]
            verdict = "met" if share >= TARGET_304_SHARE else "MISSED"
            print(f"target: 304s at least {TARGET_304_SHARE:.0%} of nginx's: {verdict}")
            ok = ok and share >= TARGET_304_SHARE
        return 0 if ok else 1
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
