"""The two load generators, run to completion with a time bound, and the one parser of
their output. Traffic goes to 127.0.0.1 only: every URL is built by the harness."""
import json
import os
import re
import resource
import subprocess
import threading
import time

from . import procs

HERE = os.path.dirname(os.path.abspath(__file__))
SIEGERC = os.path.join(os.path.dirname(HERE), "siegerc")


def _check_local(url):
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"load only goes to 127.0.0.1, not {url}")


def siege(url, concurrency, seconds, log_path, expected_rate=None):
    """siege the seed's way (-c 200, a new connection per transaction, no benchmark mode):
    transaction rate and failures.

    Not with -t: Debian 12's siege 4.0.7 hangs while "lifting the siege" at the end of about
    half the timed runs against the fast servers here (JoeDog/siege#66, fixed in 4.1.4), and
    never in -r mode. So each user makes -r N transactions, N chosen from the server's rate
    (expected_rate, or a short probe run) so that the run lasts about `seconds`. siege
    computes the transaction rate the same way in both modes: transactions / elapsed time."""
    _check_local(url)
    if not expected_rate:
        expected_rate = _siege(url, concurrency, 2, seconds, log_path)["tps"]
    reps = max(2, min(100_000, round(expected_rate * seconds / concurrency)))
    return _siege(url, concurrency, reps, seconds, log_path)


def _siege(url, concurrency, reps, seconds, log_path):
    argv = ["siege", "-R", SIEGERC, "-c", str(concurrency), "-r", str(reps), url]
    # A low descriptor limit for siege itself: with thousands allowed it hung more often.
    # The bound leaves room for one connection to reach siege's 30 s socket timeout.
    return parse_siege(_run(argv, seconds * 4 + 45, log_path, nofile=1024))


def parse_siege(text):
    """siege 4 prints a JSON summary (json_output = true in bench/siegerc)."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise LoadError("siege printed no summary: " + text.strip()[-300:])
    summary = json.loads(text[start:end + 1])
    return {"tps": float(summary["transaction_rate"]),
            "transactions": int(summary["transactions"]),
            "failed": int(summary["failed_transactions"])}


def wrk(url, connections, seconds, log_path, threads=2, script=None, env=None, rss_of=None):
    """wrk with --latency: req/s, p50, p99, errors; with rss_of (a function giving pids), the
    peak resident memory of those processes while the load runs, and the CPU time they used
    per 1,000 requests (utime + stime from /proc before and after; a process that ends during
    the run takes its share with it, one that starts counts whole)."""
    _check_local(url)
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency"]
    if script:
        argv += ["-s", script]
    sampler = RssSampler(rss_of) if rss_of else None
    cpu_before = procs.cpu_seconds(rss_of()) if rss_of else None
    if sampler:
        sampler.start()
    try:
        out = _run(argv + [url], seconds + 60, log_path, env=env)
    finally:
        if sampler:
            sampler.stop()
    result = parse_wrk(out)
    if sampler:
        result["rssMiB"] = sampler.peak_total_kib / 1024
        result["rssMaxProcessMiB"] = sampler.peak_process_kib / 1024
        cpu_after = procs.cpu_seconds(rss_of())
        used = sum(t - cpu_before.get(pid, 0.0) for pid, t in cpu_after.items())
        if result.get("requests"):
            result["cpuSecondsPer1k"] = used / result["requests"] * 1000
    return result


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(text):
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not m:
        raise LoadError("wrk printed no result: " + text.strip()[-300:])
    result = {"rps": float(m.group(1))}
    for pct, key in (("50", "p50Ms"), ("99", "p99Ms")):
        m = re.search(pct + r"%\s+([\d.]+)(us|ms|s|m)\b", text)
        result[key] = float(m.group(1)) * _UNIT_MS[m.group(2)] if m else None
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    refused = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    socket = [int(g) for g in m.groups()] if m else [0, 0, 0, 0]
    result["errors"] = refused + sum(socket)
    m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b", text)
    result["requests"] = int(m.group(1)) if m else None
    if m and refused + socket[3]:
        # wrk's rate counts every answer: a 503 that sheds load, or one that came after the
        # timeout, is not served work. The rate is of the answers that are.
        seconds = float(m.group(2)) * _UNIT_MS[m.group(3)] / 1000
        result["rps"] = max(result["requests"] - refused - socket[3], 0) / seconds
    return result


class LoadError(Exception):
    pass


def _run(argv, timeout, log_path, env=None, nofile=None):
    full_env = dict(os.environ, **(env or {}))
    limit = (lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))) \
        if nofile else None
    try:
        done = subprocess.run(argv, capture_output=True, timeout=timeout, env=full_env, preexec_fn=limit)
    except subprocess.TimeoutExpired as e:
        with open(log_path, "a") as log:
            log.write("$ " + " ".join(argv) + f"\n(killed after {timeout} s)\n"
                      + (e.stdout or b"").decode("utf-8", "replace") + (e.stderr or b"").decode("utf-8", "replace"))
        raise LoadError(f"{argv[0]} did not finish within {timeout} s")
    out = done.stdout.decode("utf-8", "replace") + "\n" + done.stderr.decode("utf-8", "replace")
    with open(log_path, "a") as log:
        log.write("$ " + " ".join(argv) + "\n" + out + "\n")
    if done.returncode != 0:
        raise LoadError(f"{argv[0]} exited {done.returncode}: " + out.strip()[-300:])
    return out


class RssSampler(threading.Thread):
    """Samples the summed RSS of a set of processes every half second; keeps the peaks."""

    def __init__(self, pids_fn):
        super().__init__(daemon=True)
        self.pids_fn = pids_fn
        self.peak_total_kib = 0
        self.peak_process_kib = 0
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            sizes = [procs.rss_kib(p) for p in self.pids_fn()]
            if sizes:
                self.peak_total_kib = max(self.peak_total_kib, sum(sizes))
                self.peak_process_kib = max(self.peak_process_kib, max(sizes))
            self._stop_event.wait(0.5)

    def stop(self):
        self._stop_event.set()
        self.join(timeout=5)
