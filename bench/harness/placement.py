"""Which cores the run's processes use. split: the servers (with the nginx in front of them,
and MariaDB's server for the user API rows) on some cores, the load generator (wrk, siege)
on the others, so that neither takes CPU time from the other; the same for every server.
shared: every process on every core, as the scheduler likes (the only choice on one core).
Pinning is done with taskset, on every process and thread (-a): a process forked later
inherits its parent's cores."""
import os
import subprocess

MODES = ("split", "shared")


def default_mode(cores):
    return "split" if len(cores) >= 2 else "shared"


def split_cores(cores):
    """(server cores, load generator cores). The load generator gets the highest-numbered
    quarter of the cores, at least one, the servers the rest: on 2 cores, servers on cpu 0 and
    wrk on cpu 1. wrk at 200 keep-alive connections needs far less CPU than the servers it
    drives, and every server gets the same share."""
    cores = sorted(cores)
    load = max(1, len(cores) // 4)
    return cores[:-load], cores[-load:]


class Placement:
    def __init__(self, mode, cores=None):
        cores = sorted(cores if cores is not None else os.sched_getaffinity(0))
        if mode not in MODES:
            raise ValueError(f"placement is one of {', '.join(MODES)}, not {mode!r}")
        if mode == "split" and len(cores) < 2:
            raise ValueError("split placement needs at least 2 cores")
        self.mode = mode
        self.server_cores, self.load_cores = split_cores(cores) if mode == "split" else (cores, cores)
        self._moved = {}  # pid of a process the run did not start -> its cores before the run

    def as_dict(self):
        return {"mode": self.mode, "serverCores": self.server_cores, "loadGeneratorCores": self.load_cores}

    def describe(self):
        if self.mode == "shared":
            return (f"siege and wrk run on the same {len(self.server_cores)} core(s) as the servers: "
                    "a load generator takes a share of the CPU it measures")
        return (f"the servers (nginx in front of them, MariaDB for the user API) run on cpu {_cpu_list(self.server_cores)}, "
                f"siege and wrk on cpu {_cpu_list(self.load_cores)} (taskset): the load generator takes no CPU "
                "from the servers, but shares the machine's caches and memory with them")

    def load_argv(self, argv):
        """argv run on the load generator's cores."""
        return ["taskset", "-c", _cpu_list(self.load_cores)] + argv if self.mode == "split" else argv

    def pin_server(self, pids):
        """Every process and thread of a server onto the servers' cores."""
        if self.mode == "split":
            for pid in pids:
                _taskset(pid, self.server_cores)

    def pin_shared_service(self, name):
        """A service the run uses but did not start (mariadbd) onto the servers' cores; its
        earlier cores are kept for restore()."""
        if self.mode != "split":
            return
        for pid in _pids_named(name):
            if pid in self._moved:
                continue
            try:
                before = sorted(os.sched_getaffinity(pid))
            except OSError:
                continue
            if _taskset(pid, self.server_cores):
                self._moved[pid] = before

    def restore(self):
        """Gives the services moved by pin_shared_service their earlier cores back."""
        for pid, cores in list(self._moved.items()):
            _taskset(pid, cores)
            del self._moved[pid]


def _cpu_list(cores):
    return ",".join(str(c) for c in cores)


def _taskset(pid, cores):
    """True when every thread of pid now runs on cores (False: it ended, or may not be moved)."""
    try:
        done = subprocess.run(["taskset", "-a", "-p", "-c", _cpu_list(cores), str(pid)], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _pids_named(name):
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    if f.read().strip() == name:
                        pids.append(int(entry))
            except OSError:
                continue
    return pids
