"""The two load generators, run to completion with a time bound, and the one parser of
their output. Traffic goes to 127.0.0.1 only: every URL is built by the harness."""
import json
import os
import re
import subprocess
import threading
import time

from . import procs

HERE = os.path.dirname(os.path.abspath(__file__))
SIEGERC = os.path.join(os.path.dirname(HERE), "siegerc")


def _check_local(url):
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"load only goes to 127.0.0.1, not {url}")


def siege(url, concurrency, seconds, log_path):
    """siege the seed's way (-c 200 -t Ns, no benchmark mode): transaction rate and failures."""
    _check_local(url)
    argv = ["siege", "-R", SIEGERC, "-c", str(concurrency), "-t", f"{seconds}S", url]
    try:
        out = _run(argv, seconds + 15, log_path)
    except LoadError as e:
        # siege 4.0 (Debian 12's) sometimes hangs while "lifting the siege" at the end of a
        # timed run (JoeDog/siege#66, fixed in 4.1.4): one more try, then the row says so.
        if "did not finish" not in str(e):
            raise
        out = _run(argv, seconds + 15, log_path)
    return parse_siege(out)


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
    peak resident memory of those processes while the load runs."""
    _check_local(url)
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency"]
    if script:
        argv += ["-s", script]
    sampler = RssSampler(rss_of) if rss_of else None
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
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors += sum(int(g) for g in m.groups())
    result["errors"] = errors
    m = re.search(r"(\d+) requests in", text)
    result["requests"] = int(m.group(1)) if m else None
    return result


class LoadError(Exception):
    pass


def _run(argv, timeout, log_path, env=None):
    full_env = dict(os.environ, **(env or {}))
    try:
        done = subprocess.run(argv, capture_output=True, timeout=timeout, env=full_env)
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
