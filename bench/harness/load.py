"""The two load generators, run to completion with a time bound, and the one parser of
their output. Traffic goes to 127.0.0.1 only: every URL is built by the harness."""
import json
import os
import resource
import subprocess
import threading
import time

from . import procs

HERE = os.path.dirname(os.path.abspath(__file__))
SIEGERC = os.path.join(os.path.dirname(HERE), "siegerc")
# The done() hook every wrk run uses: its figures as one JSON line.
SUMMARY_LUA = os.path.join(os.path.dirname(HERE), "lua", "summary.lua")


def _check_local(url):
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"load only goes to 127.0.0.1, not {url}")


def siege(url, concurrency, seconds, log_path, expected_rate=None, placement=None):
    """siege the seed's way (-c 200, a new connection per transaction, no benchmark mode):
    transaction rate and failures.

    Not with -t: Debian 12's siege 4.0.7 hangs while "lifting the siege" at the end of about
    half the timed runs against the fast servers here (JoeDog/siege#66, fixed in 4.1.4), and
    never in -r mode. So each user makes -r N transactions, N chosen from the server's rate
    (expected_rate, or a short probe run) so that the run lasts about `seconds`. siege
    computes the transaction rate the same way in both modes: transactions / elapsed time.
    placement puts siege on the load generator's cores."""
    _check_local(url)
    if not expected_rate:
        expected_rate = _siege(url, concurrency, 2, seconds, log_path, placement)["tps"]
    reps = max(2, min(100_000, round(expected_rate * seconds / concurrency)))
    return _siege(url, concurrency, reps, seconds, log_path, placement)


def _siege(url, concurrency, reps, seconds, log_path, placement):
    argv = ["siege", "-R", SIEGERC, "-c", str(concurrency), "-r", str(reps), url]
    # A low descriptor limit for siege itself: with thousands allowed it hung more often.
    # The bound leaves room for one connection to reach siege's 30 s socket timeout.
    return parse_siege(_run(argv, seconds * 4 + 45, log_path, nofile=1024, placement=placement))


def parse_siege(text):
    """siege 4 prints a JSON summary (json_output = true in bench/siegerc)."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise LoadError("siege printed no summary: " + text.strip()[-300:])
    summary = json.loads(text[start:end + 1])
    return {"tps": float(summary["transaction_rate"]),
            "transactions": int(summary["transactions"]),
            "failed": int(summary["failed_transactions"])}


def wrk(url, connections, seconds, log_path, threads=2, script=None, env=None, rss_of=None, placement=None):
    """wrk: req/s, p50, p99, errors, from the JSON line of bench/lua/summary.lua (script, when
    given, is a request script that loads it); with rss_of (a function giving pids), the
    peak resident memory of those processes while the load runs, and the CPU time they used
    per 1,000 requests (utime + stime from /proc before and after; a process that ends during
    the run takes its share with it, one that starts counts whole). placement puts wrk on the
    load generator's cores."""
    _check_local(url)
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency",
            "-s", script or SUMMARY_LUA, url]
    sampler = RssSampler(rss_of) if rss_of else None
    cpu_before = procs.cpu_seconds(rss_of()) if rss_of else None
    if sampler:
        sampler.start()
    try:
        out = _run(argv, seconds + 60, log_path, env=env, placement=placement)
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


def parse_wrk(text):
    """The figures of wrk's JSON summary line (bench/lua/summary.lua) in its output: req/s of
    the answers that were served work, p50 and p99 in ms, errors of every kind, requests."""
    summary = next((s for s in map(_json_object, reversed(text.splitlines())) if s.get("wrk") == "summary"), None)
    if summary is None:
        raise LoadError("wrk printed no JSON summary (bench/lua/summary.lua): " + text.strip()[-300:])
    try:
        errors, latency = summary["errors"], summary["latencyUs"]
        seconds = summary["durationUs"] / 1e6
        # wrk counts every answer as a request: a 503 that sheds load, or one that came after
        # the timeout, is not served work. The rate is of the answers that are.
        served = max(summary["requests"] - errors["status"] - errors["timeout"], 0)
        return {"rps": served / seconds if seconds > 0 else 0.0,
                "p50Ms": latency["p50"] / 1000, "p99Ms": latency["p99"] / 1000, "maxMs": latency["max"] / 1000,
                "errors": sum(errors[k] for k in ("connect", "read", "write", "timeout", "status")),
                "requests": summary["requests"]}
    except (KeyError, TypeError) as e:
        raise LoadError(f"wrk's JSON summary lacks {e}: {summary}")


def _json_object(line):
    """The JSON object a line of output holds, or {} (wrk's text lines, a broken line)."""
    line = line.strip()
    if not line.startswith("{"):
        return {}
    try:
        value = json.loads(line)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class LoadError(Exception):
    pass


def _run(argv, timeout, log_path, env=None, nofile=None, placement=None):
    """argv to completion within timeout, on the load generator's cores when placement says so;
    its output, also appended to log_path."""
    full_env = dict(os.environ, **(env or {}))
    command = placement.load_argv(argv) if placement else argv
    limit = (lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))) \
        if nofile else None
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, env=full_env, preexec_fn=limit)
    except subprocess.TimeoutExpired as e:
        with open(log_path, "a") as log:
            log.write("$ " + " ".join(command) + f"\n(killed after {timeout} s)\n"
                      + (e.stdout or b"").decode("utf-8", "replace") + (e.stderr or b"").decode("utf-8", "replace"))
        raise LoadError(f"{argv[0]} did not finish within {timeout} s")
    out = done.stdout.decode("utf-8", "replace") + "\n" + done.stderr.decode("utf-8", "replace")
    with open(log_path, "a") as log:
        log.write("$ " + " ".join(command) + "\n" + out + "\n")
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
