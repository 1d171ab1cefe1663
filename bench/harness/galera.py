"""A three-node MariaDB Galera cluster on 127.0.0.1 for the "cost of safety" rows (issue 16):
the same Tomcat, the same user API, on a cluster that replicates every commit synchronously
to two more nodes, beside the rows on the machine's single MariaDB.

Each node is started by the product's own code, `deploy/host DIR galera-start` (deploy/lib/
galera.sh: the configuration deploy/hosts gives a db host, innodb-flush-log-at-trx-commit=1,
rsync state transfer), node 1 forming the cluster, nodes 2 and 3 joining it; each is in a
directory of its own under the run's work directory and runs as the mysql user. The harness
keeps each node's pid and stops them by it (TERM, then KILL) when the row's server stops, and
again in stop_all() when the run ends, also on Ctrl-C or an error (bench/run's finally). The
application's account is made on node 1 over its Unix socket, as root (who logs in over the
socket only): it replicates to the others."""
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time

from . import db, procs

ADDRESS = "127.0.0.1"
# (name, SQL port, replication port): IST on +1, rsync SST on +2. These ports only: the
# machine's MariaDB has 3306, other work on the machine other ports.
NODES = [("n1", 3331, 4731), ("n2", 3332, 4741), ("n3", 3333, 4751)]
PROVIDER = "/usr/lib/galera/libgalera_smm.so"
# The account the Java server and the harness use on the cluster (node 1, over TCP).
USER = "webstack_bench"
START_SECONDS = 300  # per node: a joiner's rsync copy of a fresh datadir takes seconds here

# Every cluster started and not yet stopped; stop_all() stops them (bench/run's finally).
_running = []
# Set by abort() (Ctrl-C while a cluster starts in a worker thread): the start stops waiting.
_abort = threading.Event()


def abort():
    """A start under way in another thread gives up at once (its nodes are stopped by it)."""
    _abort.set()


def peers():
    return [f"{ADDRESS}:{gport}" for _, _, gport in NODES]


def donors(name):
    """A joiner's state-transfer donors: the other nodes, the writer (n1) last, as deploy/hosts
    orders them (an rsync donor blocks its writes while it copies); the trailing comma lets
    Galera fall back to any node."""
    writer = NODES[0][0]
    others = [n for n, _, _ in NODES if n not in (name, writer)]
    return ",".join(others + ([writer] if name != writer else [])) + ","


def start_argv(deploy_host, directory, index):
    """deploy/host's command line that starts node index (0: the one that forms the cluster)."""
    name, port, gport = NODES[index]
    return [deploy_host, directory, "galera-start", "new" if index == 0 else "join", name, ADDRESS, str(port),
            str(gport), donors(name), *peers()]


def ports():
    """Every TCP port the cluster listens on."""
    return [p for _, port, gport in NODES for p in (port, gport, gport + 1, gport + 2)]


def problem():
    """Why this machine cannot run the cluster (None when it can)."""
    if os.geteuid() != 0:
        return "needs root (each node runs as the mysql user in a directory of the run's)"
    if not os.path.exists(PROVIDER):
        return f"{PROVIDER} not found (Debian package galera-4)"
    if not shutil.which("rsync"):
        return "rsync not found (Debian package rsync): a joining node's state transfer needs it"
    if not (shutil.which("mariadbd") or os.path.exists("/usr/sbin/mariadbd")):
        return "mariadbd not found (Debian package mariadb-server)"
    try:
        import pwd
        pwd.getpwnam("mysql")
    except KeyError:
        return "no user mysql (Debian's mariadb-server makes it)"
    busy = [p for p in ports() if _listening(p)]
    if busy:
        return f"port(s) {', '.join(map(str, busy))} on {ADDRESS} already in use (another cluster of the bench?)"
    return None


def _listening(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((ADDRESS, port)) == 0


class StartFailed(Exception):
    pass


class Cluster:
    """Three nodes under base/n1, n2, n3 (each DIR/mysql as deploy/host lays it out)."""

    def __init__(self, project, base, log_path, tag=None):
        self.deploy_host = os.path.join(project, "deploy", "host")
        self.base = base
        self.log_path = log_path
        self.tag = tag
        self.node_pids = {}  # name -> mariadbd's pid, as its pid file gave it once Synced
        self.password = None

    def directory(self, name):
        return os.path.join(self.base, name)

    def start(self):
        """Starts the nodes one after another (each Synced before the next joins) and makes the
        account; on any failure stops what it started and raises StartFailed."""
        _running.append(self)
        try:
            for i, (name, _, _) in enumerate(NODES):
                argv = start_argv(self.deploy_host, self.directory(name), i)
                code = self._run_start(argv)
                # Known before anything else: whatever happens next, this node is stopped by it.
                pid = self._pid_of(name)
                if pid:
                    self.node_pids[name] = pid
                if code != 0:
                    raise StartFailed(f"deploy/host galera-start {name} failed ({code}; {self.log_path}, "
                                      f"{os.path.join(self.directory(name), 'mysql', 'error.log')})")
            status = self.status()
            if status != "Primary 3 Synced":
                raise StartFailed(f"the cluster is not whole after starting: node 1 says {status or 'nothing'}")
            self.password = secrets.token_hex(16)
            self.sql(f"CREATE USER '{USER}'@'{ADDRESS}' IDENTIFIED BY '{self.password}';"
                     f"GRANT ALL ON *.* TO '{USER}'@'{ADDRESS}';")
        except BaseException as e:
            self.stop()
            if isinstance(e, StartFailed):
                raise
            if isinstance(e, (OSError, subprocess.SubprocessError)):
                raise StartFailed(f"starting the Galera cluster: {e}") from e
            raise

    def _run_start(self, argv):
        """deploy/host galera-start to its end: its exit code, "timeout", or "interrupted" when
        abort() came first (then it is stopped; a mariadbd it left is found by _pid_of)."""
        if _abort.is_set():
            return "interrupted"
        with open(self.log_path, "ab") as log:
            log.write(f"--- {' '.join(argv)}\n".encode())
            log.flush()
            proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    env=dict(os.environ, GALERA_START_SECONDS=str(START_SECONDS)))
            deadline = time.monotonic() + START_SECONDS + 60
            while proc.poll() is None:
                if _abort.is_set() or time.monotonic() > deadline:
                    proc.terminate()
                    try:
                        proc.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait()
                    return "interrupted" if _abort.is_set() else "timeout"
                time.sleep(0.2)
            return proc.returncode

    def _pid_of(self, name):
        """The node's mariadbd: from its pid file, else any process started with its own
        configuration file (a start that failed before the pid file was written)."""
        path = os.path.join(self.directory(name), "mysql", "mysqld.pid")
        try:
            with open(path) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            pass
        found = procs.pids_with_arg("--defaults-file=" + os.path.join(self.directory(name), "mysql", "my.cnf"))
        return found[0] if found else None

    def sql(self, statements, node="n1"):
        """SQL as root over the node's Unix socket (deploy/host db-sql)."""
        done = subprocess.run([self.deploy_host, self.directory(node), "db-sql"], input=statements.encode(),
                              capture_output=True, timeout=60)
        if done.returncode != 0:
            raise StartFailed(f"SQL on {node}: " + done.stderr.decode("utf-8", "replace").strip()[-300:])
        return done.stdout.decode()

    def status(self, node="n1"):
        done = subprocess.run([self.deploy_host, self.directory(node), "galera-status"], capture_output=True,
                              timeout=30)
        # "pid P Primary 3 Synced"
        return " ".join(done.stdout.decode().split()[2:])

    def database(self):
        """The writer node (node 1) as the harness and the Java server reach it: TCP, the account."""
        _, port, _ = NODES[0]
        return db.Database(ADDRESS, port, USER, self.password, tag=self.tag)

    def pids(self):
        """The nodes' live mariadbd processes."""
        return [pid for pid in self.node_pids.values() if _alive(pid)]

    def stop(self, grace=60.0):
        """Every node by its pid: TERM (a clean shutdown writes grastate.dat), KILL after grace.
        Then the data directories go (hundreds of MB: each node's gcache); logs stay."""
        if self in _running:
            _running.remove(self)
        for name, _, _ in reversed(NODES):
            pid = self.node_pids.get(name) or self._pid_of(name)
            if pid and _alive(pid):
                _signal(pid, signal.SIGTERM)
                deadline = time.monotonic() + grace
                while _alive(pid) and time.monotonic() < deadline:
                    time.sleep(0.2)
                if _alive(pid):
                    _signal(pid, signal.SIGKILL)
                    deadline = time.monotonic() + 10
                    while _alive(pid) and time.monotonic() < deadline:
                        time.sleep(0.1)
            self.node_pids.pop(name, None)
        for name, _, _ in NODES:
            data = os.path.join(self.directory(name), "mysql", "data")
            if os.path.isdir(data) and not self._pid_of_live(name):
                shutil.rmtree(data, ignore_errors=True)

    def _pid_of_live(self, name):
        pid = self._pid_of(name)
        return pid if pid and _alive(pid) else None


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().split(b") ", 1)[1][:1] != b"Z"
    except (OSError, IndexError):
        return False


def _signal(pid, sig):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def stop_all():
    for cluster in reversed(list(_running)):
        cluster.stop()
