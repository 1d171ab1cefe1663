"""Processes the harness starts: each in its own session, so that a server and every
worker it forks can be found (for RSS) and stopped together (for cleanup)."""
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

# Every session started and not yet stopped; stop_all() empties it on exit or Ctrl-C.
_started = []


class Group:
    """A command running in its own session (setsid): the session id is its pid."""

    def __init__(self, name, argv, log_path, env=None, cwd=None):
        self.name = name
        self.log_path = log_path
        with open(log_path, "ab") as log:
            self.popen = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          env=env, cwd=cwd, start_new_session=True)
        self.sid = self.popen.pid
        _started.append(self)

    def alive(self):
        return self.popen.poll() is None

    def pids(self):
        return session_pids(self.sid)

    def log_tail(self, lines=5):
        try:
            with open(self.log_path, "rb") as f:
                return " | ".join(f.read().decode("utf-8", "replace").strip().splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, grace=15.0):
        """SIGTERM to every process of the session, SIGKILL to what is left after grace."""
        if self in _started:
            _started.remove(self)
        _signal_all(self.pids() or [self.sid], signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if self.popen.poll() is not None and not self.pids():
                return
            time.sleep(0.1)
        _signal_all(self.pids(), signal.SIGKILL)
        try:
            self.popen.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def _signal_all(pids, sig):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def stop_all():
    for group in reversed(list(_started)):
        group.stop()


def _stat_fields(pid):
    with open(f"/proc/{pid}/stat", "rb") as f:
        data = f.read().decode("ascii", "replace")
    # The command name is in parentheses and may hold spaces: split after the last ')'.
    return data[data.rindex(")") + 2:].split()


def session_pids(sid):
    """Every live process whose session id is sid (field 6 of /proc/PID/stat)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = _stat_fields(entry)
            except (OSError, ValueError):
                continue
            if fields[0] != "Z" and int(fields[3]) == sid:
                pids.append(int(entry))
    return pids


def pids_with_arg(fragment):
    """Every live process with an argument containing fragment (a Tomcat's catalina.base)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    args = f.read().decode("utf-8", "replace").split("\0")
            except OSError:
                continue
            if any(fragment in a for a in args):
                pids.append(int(entry))
    return pids


_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    """{pid: user + system CPU seconds so far} (fields 14 and 15 of /proc/PID/stat)."""
    out = {}
    for pid in pids:
        try:
            fields = _stat_fields(pid)
        except (OSError, ValueError):
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / _TICKS
    return out


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# Ports handed out and not to be handed out again: servers start two at a time, and a port
# is only bound some time after it was chosen.
_given = set()
_given_lock = threading.Lock()


def free_port():
    with _given_lock:
        while True:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            if port not in _given:
                _given.add(port)
                return port


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_port_block(count, start=19000, end=30000):
    """count consecutive free ports (deploy/cluster gives instance i the port BASE+i-1)."""
    port = start
    with _given_lock:
        while port + count < end:
            block = range(port, port + count)
            if not _given.intersection(block) and all(port_free(p) for p in block):
                _given.update(block)
                return port
            port += count
    raise RuntimeError(f"no block of {count} free ports between {start} and {end}")


def get(url, timeout=5.0):
    """(status, content type, body) of one GET; status 0 when nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()
    except (OSError, urllib.error.URLError):
        return 0, "", b""


def wait_until_up(url, seconds, group=None):
    """True once url answers 200 within seconds; False at the deadline or when group died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if get(url, timeout=2.0)[0] == 200:
            return True
        if group is not None and not group.alive():
            return False
        time.sleep(0.2)
    return False
