"""The run itself: which tables, which rows, in which order; starting the servers of each
procs count and pinning them to their cores, checking their answers, warming them up until
steady, measuring them interleaved over the rounds, and stopping them. Produces the results'
tables, as bench/results.schema.json describes them (its table, row and stats definitions)."""
import concurrent.futures
import json
import os
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from . import db, galera, load, procs, profile, servers, warmup

HELLO = "/Hello/100"
HELLO_BODY = "".join(f"{i}: Hello\n" for i in range(100)).encode()
JSON_BODY = b'{"message":"Hello, World!"}'

HELLO_ROWS = ["tomcat", "tomcat-raw", "tomcat-nginx-tcp", "tomcat-nginx-unix", "nginx-static", "go", "go-nginx", "gin",
              "tornado", "tornado-nginx", "webpy-gevent", "webpy-gunicorn", "webpy-cherrypy",
              "webpy-nginx-fastcgi", "flask", "django", "fastapi"]
# The 2025 article's frameworks (Fiber cannot run here), the Java rows and the ceiling.
JSON_ROWS = ["tomcat", "tomcat-nginx-tcp", "nginx-static", "go", "gin", "fastapi", "flask", "django"]
# The 2025 article's own workload, the user API on MariaDB: Java, Gin and FastAPI, each direct
# and behind the product's nginx configuration.
# Beside Tomcat direct on the machine's MariaDB, the same Tomcat on a three-node Galera cluster
# (the cost of synchronous replication, issue 16).
USER_ROWS = ["tomcat", "tomcat-galera", "tomcat-nginx-tcp", "gin-users", "gin-users-nginx", "fastapi-users", "fastapi-users-nginx"]
# (id, title, path, wrk script)
USER_WORKLOADS = [
    ("read", "GET /users/{id} (token)", "/users/{id}", "users-read.lua"),
    ("list", "GET /users?skip=…&limit=10 (token)", "/users", "users-list.lua"),
    ("create", f"POST /users (bcrypt cost {servers.BCRYPT_COST})", "/users", "users-create.lua"),
    ("mix", "90% GET /users/{id}, 10% POST /users", "/users", "users-mix.lua"),
]
# The workloads bound by bcrypt: their answers take seconds at 200 connections (every server
# lets a registration wait up to 2 s for a hashing slot, then sheds it with a 503), so a run of
# a few seconds would time only the first answers. They run this long by default (--bcrypt-seconds).
BCRYPT_WORKLOADS = {"create", "mix"}
BCRYPT_ROW_SECONDS = 10
# Every server's fresh database gets the same users, ids 1..SEED_USERS, straight into MariaDB
# with one hash for all: bcrypt.hashpw(b"seed password", bcrypt.gensalt(10, prefix=b"2a"))
# (python3-bcrypt), the production cost. seed-1@example.com takes the server's own token.
SEED_USERS = 10000
SEED_PASSWORD = "seed password"
SEED_HASH = "$2a$10$XvUq/kq/KWPbKExM3EhpXeO.CiO/gw1Bzv/0a4P2ELdknKqu/nJWa"
# What each server must answer as the Java service does, compared field by field before timing.
VERIFY_READ = "/users/4242"
VERIFY_LIST = "/users?skip=100&limit=10"
VERIFY_CREATE = {"email": "Verify.Bench@Example.com", "name": "  Verify bench  ", "password": "verify password"}
# A row whose req/s over the rounds spread (max - min) by more than this share of their median
# is marked noisy: its median is not to be read to the last digit.
NOISY_SPREAD = 0.10


class Settings:
    def __init__(self, rounds, procs_list, siege_seconds, wrk_seconds, warmup_seconds, high_connections,
                 sections, only, placement, concurrency=200, wrk_threads=2, bcrypt_seconds=BCRYPT_ROW_SECONDS,
                 warmup_per_workload=True, backlog_seconds=60.0, profile_spec=None, profile_out=None, run_id=None,
                 profile_seconds=None, warmup_min_seconds=0, workloads=None):
        self.rounds = rounds
        self.procs = procs_list
        self.siege_seconds = siege_seconds
        self.wrk_seconds = wrk_seconds
        self.bcrypt_seconds = max(bcrypt_seconds, wrk_seconds)
        # The warm-up's cap per server and workload (per server when not warmup_per_workload).
        self.warmup_seconds = warmup_seconds
        self.warmup_per_workload = warmup_per_workload
        # The least load a warm-up runs before two agreeing loads end it (warmup.until_steady).
        self.warmup_min_seconds = warmup_min_seconds
        self.placement = placement
        # How long a user API table waits for its servers' bcrypt backlog before a load (3x with
        # many connections); a row measured before they were idle says so.
        self.backlog_seconds = backlog_seconds
        self.high_connections = high_connections
        # bench/run --profile: which Java rows get a JFR recording in which tables (profile.Spec),
        # and where their files go, named after the run.
        self.profile = profile_spec or profile.Spec("")
        self.profile_out = profile_out
        self.profile_seconds = profile_seconds  # the profiled load's length; None: the table's own
        self.run_id = run_id
        self.sections = sections
        self.only = only
        # The user API workloads of the run (bench/run --workloads): every one by default.
        self.workloads = workloads or [w[0] for w in USER_WORKLOADS]
        self.concurrency = concurrency
        self.wrk_threads = wrk_threads
        cores = os.cpu_count() or 1
        # /json and the database rows run once, with as many procs as cores (or the nearest).
        self.json_procs = min(procs_list, key=lambda n: (abs(n - cores), -n))

    def as_dict(self):
        return {"rounds": self.rounds, "procs": self.procs,
                "siege": {"concurrency": self.concurrency, "seconds": self.siege_seconds},
                "wrk": {"threads": self.wrk_threads, "connections": self.concurrency, "seconds": self.wrk_seconds},
                "warmupSeconds": self.warmup_seconds, "highConnections": self.high_connections,
                "jsonProcs": self.json_procs, "seedUsers": SEED_USERS, "bcryptCost": servers.BCRYPT_COST,
                "bcryptRowSeconds": self.bcrypt_seconds, "warmupTolerance": warmup.TOLERANCE,
                "warmupMinSeconds": self.warmup_min_seconds,
                "warmupPerWorkload": self.warmup_per_workload, "noisySpread": NOISY_SPREAD,
                "placement": self.placement.as_dict()}


class Table:
    def __init__(self, id, title, path, procs, connections, row_ids, siege=False, script=None, min_seconds=0):
        self.id, self.title, self.path, self.procs, self.connections = id, title, path, procs, connections
        self.row_ids, self.siege, self.script, self.min_seconds = row_ids, siege, script, min_seconds
        self.rows = {}


def plan_tables(s):
    tables = []
    for n in s.procs:
        if "hello" in s.sections:
            tables.append(Table(f"hello-procs-{n}", f"{HELLO}, {n} proc{'s' if n > 1 else ''}", HELLO, n,
                                s.concurrency, HELLO_ROWS, siege=True))
    n = s.json_procs
    if "json" in s.sections:
        for c in (s.concurrency, s.high_connections) if s.high_connections else (s.concurrency,):
            tables.append(Table(f"json-c{c}", f"/json, {c} connections", "/json", n, c, JSON_ROWS))
    if "users" in s.sections:
        for c in (s.concurrency, s.high_connections) if s.high_connections else (s.concurrency,):
            for wid, title, path, script in USER_WORKLOADS:
                if wid not in s.workloads:
                    continue
                tables.append(Table(f"users-{wid}" + ("" if c == s.concurrency else f"-c{c}"),
                                    f"{title}, {c:,} connections", path, n, c, USER_ROWS, script=script,
                                    min_seconds=s.bcrypt_seconds if wid in BCRYPT_WORKLOADS else 0))
    for t in tables:
        t.row_ids = [r for r in t.row_ids if not s.only or r in s.only]
    return [t for t in tables if t.row_ids]


class Progress:
    """One line per step on stderr: the table, the round, the target, the time left."""

    def __init__(self, estimate):
        self.left = estimate
        self.started = time.monotonic()

    def step(self, text, seconds):
        m, sec = divmod(int(max(self.left, 0)), 60)
        print(f"bench/run [{self._elapsed()} | ~{m}m{sec:02d}s left] {text}", file=sys.stderr, flush=True)
        self.left -= seconds

    def _elapsed(self):
        m, s = divmod(int(time.monotonic() - self.started), 60)
        return f"{m:2d}m{s:02d}s"

    def note(self, text):
        print(f"bench/run [{self._elapsed()}] {text}", file=sys.stderr, flush=True)


class Runner:
    def __init__(self, ctx, settings, targets):
        self.ctx = ctx
        self.s = settings
        self.targets = {t.id: t for t in targets}
        self.unavailable = {}
        self.servers = {}      # (target id, procs or None) -> Server or StartFailed
        self.warmed = {}       # (server base URL, prefix, workload or None) -> its warm-up record
        self.seeded = {}       # server base URL -> its token, or why its user API is not measured
        self.reference = None  # the Java service's answers to the verification requests
        self.profiles = []     # the results' profiles: one entry per profiled row and table
        self.profile_later = []  # tables of earlier phases whose shared servers wait for the last

    # --- the whole run -------------------------------------------------------------------

    def run(self):
        tables = plan_tables(self.s)
        wanted = {r for t in tables for r in t.row_ids}
        for tid in sorted(wanted):
            try:
                self.targets[tid].check(self.ctx)
            except servers.Unavailable as e:
                self.unavailable[tid] = str(e)
        self.progress = Progress(self._estimate(tables))
        # The phase with /json and the database rows comes last, and in it the many-connections
        # table: its buffers grow every server's heap, which must not count in the other rows.
        order = [n for n in self.s.procs if n != self.s.json_procs] + [self.s.json_procs]
        try:
            if self.ctx.db and any(t.script for t in tables):
                self.s.placement.pin_shared_service("mariadbd")
            for n in order:
                phase = [t for t in tables if t.procs == n and (t.id.startswith("hello") or n == self.s.json_procs)]
                phase.sort(key=lambda t: t.connections > self.s.concurrency)
                if phase:
                    self._run_phase(n, phase, final=n == order[-1])
        finally:
            for server in list(self.servers.values()):
                if isinstance(server, servers.Server):
                    server.stop()
            self.servers.clear()
            self.s.placement.restore()
        return [self._table_result(t) for t in tables]

    def _estimate(self, tables):
        s = self.s
        total = 0
        warm_ups = {}  # (row, workload) -> seconds of one warm-up load
        for t in tables:
            load = max(s.wrk_seconds, t.min_seconds)
            step = (s.siege_seconds + 1 if t.siege else 0) + load + 1
            # A bcrypt-bound load leaves hashing behind that the next load waits for (_quiesce):
            # in run 20261202-013329 about two loads' length per row and round, whose estimate
            # without it was 46 minutes for 75.
            wait = 2 * load if t.min_seconds else 0
            total += len(t.row_ids) * s.rounds * (step + wait)
            for r in t.row_ids:
                warm_ups.setdefault((r, (t.script, t.path) if s.warmup_per_workload else None), load + wait)
            total += sum((s.profile_seconds or load) + 5 for r in t.row_ids if s.profile.wants(r, t.id))
        # A warm-up that becomes steady does so in about three loads, or one past its minimum.
        total += sum(min(max(3 * load, s.warmup_min_seconds + load), s.warmup_seconds) for load in warm_ups.values())
        return total + 30 * len(s.procs)

    def _run_phase(self, n, tables, final):
        ids = []
        for t in tables:
            ids += [r for r in t.row_ids if r not in ids]
        self.progress.note(f"{n} proc(s): starting {len(ids)} servers")
        self._start_all(n, [i for i in ids if i not in self.unavailable])
        for t in tables:
            self._prepare_table(t)
            self._measure_table(t)
        # JFR leaves its buffers, threads and classes in a JVM it recorded, which would count
        # in the RSS of every later table of that server: the recordings come after the
        # measured rounds of the whole phase, and a server that serves every phase (Tomcat
        # direct) is recorded only after the last one.
        shared = lambda tid: self.targets[tid].shared
        for t in tables:
            self._profile_table(t, lambda tid: final or not shared(tid))
        if final:
            for t in self.profile_later:
                self._profile_table(t, shared)
        else:
            self.profile_later += tables
        for key in [k for k in self.servers if k[1] == n]:
            server = self.servers.pop(key)
            if isinstance(server, servers.Server):
                server.stop()

    def _key(self, tid, n):
        target = self.targets[tid]
        if target.same_server_as:
            return self._key(target.same_server_as, n)
        return (tid, None if target.shared else n)

    def _start_all(self, n, ids):
        todo = []
        for i in ids:
            i = self.targets[i].same_server_as or i
            if self._key(i, n) not in self.servers and i not in todo and i not in self.unavailable:
                todo.append(i)

        def start(tid):
            try:
                return self.targets[tid].start(self.ctx, n)
            except servers.StartFailed as e:
                return e

        # Started two at a time: a JVM's start is mostly CPU, a Python peer's mostly waiting.
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            try:
                for tid, server in zip(todo, pool.map(start, todo)):
                    self.servers[self._key(tid, n)] = server
                    # Pinned once up, not started pinned: each server sizes itself (JVM ergonomics,
                    # worker counts) as it would on this machine; only where it runs changes.
                    if isinstance(server, servers.Server):
                        self.s.placement.pin_server(server.pids())
                        # Its own database server (a Galera cluster) where MariaDB's is: on the servers' cores.
                        self.s.placement.pin_server(server.service_pids())
            except BaseException:
                # Ctrl-C: the pool waits for its starts to end; a Galera cluster's ends at once.
                galera.abort()
                raise

    # --- one table -------------------------------------------------------------------------

    def _prepare_table(self, t):
        """Each row: its server started, answering the same bytes as the reference, warm."""
        for tid in t.row_ids:
            row = t.rows[tid] = {"values": {}, "reason": None, "server": None}
            if tid in self.unavailable:
                row["status"], row["reason"] = "skipped", self.unavailable[tid]
                continue
            server = self.servers.get(self._key(tid, t.procs))
            if not isinstance(server, servers.Server):
                row["status"], row["reason"] = "failed", f"did not start: {server}"
                continue
            prefix = self.targets[tid].prefix
            problem = self._check_answer(t, server, prefix, self.targets[tid].group)
            if problem:
                row["status"], row["reason"] = "failed", problem
                continue
            row["status"], row["server"], row["note"] = "ok", server, server.note
            self._warm_up(t, tid, row)

    def _warm_up(self, t, tid, row):
        """Loads of the row's workload until two successive ones agree (warmup.until_steady),
        once per server and workload (in quick mode once per server): the same rule for every
        server. The row keeps the record of the warm-up that served it, in whichever table it ran."""
        if not self.s.warmup_seconds:
            return
        server, prefix, label = row["server"], self.targets[tid].prefix, self.targets[tid].label
        key = (server.base_url, prefix, (t.script, t.path) if self.s.warmup_per_workload else None)
        if key not in self.warmed:
            log = os.path.join(self.ctx.dir("logs"), "warmup.log")

            def one_load(seconds):
                self.progress.step(f"{t.title} · warm-up · {label} · wrk -d {seconds}s", seconds)
                # Idle first: the JIT compiles what the last load made hot in the background,
                # and the next load is to run the compiled code, not compete with the compiler
                # (or with another server's backlog) for the servers' cores.
                self._quiesce([r["server"] for r in t.rows.values() if r.get("server")], f"{t.title} · warm-up",
                              self.s.backlog_seconds if t.script else 10.0)
                return self._wrk(t, server, seconds, log, sample=False, prefix=prefix)["rps"]

            seconds = min(max(self.s.wrk_seconds, t.min_seconds), self.s.warmup_seconds)
            try:
                record = warmup.until_steady(one_load, seconds, self.s.warmup_seconds,
                                             min_seconds=min(self.s.warmup_min_seconds, self.s.warmup_seconds))
            except load.LoadError as e:
                row["status"], row["reason"] = "failed", f"warm-up: {e}"
                return
            self.warmed[key] = dict(record, table=t.id)
            self.progress.note(f"{t.title} · warm-up · {label}: " + (f"steady after {record['seconds']} s"
                               if record["steady"] else f"not steady after {record['seconds']} s") +
                               f" (req/s {', '.join(f'{r:,.0f}' for r in record['rps'])})")
        row["warmup"] = self.warmed[key]

    def _check_answer(self, t, server, prefix="", group=None):
        if t.script:
            if server.base_url not in self.seeded:
                try:
                    self.seeded[server.base_url] = self._seed(server)
                    problem = self._verify_users(server, group)
                except (OSError, ValueError, KeyError) as e:
                    problem = f"seeding or verifying the user API: {e}"
                if problem:
                    self.seeded[server.base_url] = Problem(problem)
            found = self.seeded[server.base_url]
            return str(found) if isinstance(found, Problem) else None
        expected = HELLO_BODY if t.path == HELLO else JSON_BODY
        status, ctype, body = procs.get(server.base_url + prefix + t.path)
        if status != 200 or body != expected:
            return f"answer differs from the reference: status {status}, {len(body)} bytes {body[:60]!r}"
        return None

    def _seed(self, server):
        """SEED_USERS users into the server's fresh database; the token of its own POST /token."""
        database = server.db or self.ctx.db
        if not server.db_name or not database:
            raise ValueError("the server has no MariaDB database of its own")
        if database.count_users(server.db_name)[0]:
            raise ValueError(f"database {server.db_name} is not fresh: it has users already")
        database.seed_users(server.db_name, SEED_USERS, SEED_HASH)
        if database.count_users(server.db_name) != (SEED_USERS, 1, SEED_USERS):
            raise ValueError(f"seeding {server.db_name} made {database.count_users(server.db_name)}")
        form = urllib.parse.urlencode({"username": "seed-1@example.com", "password": SEED_PASSWORD}).encode()
        with urllib.request.urlopen(server.base_url + "/token", data=form, timeout=30) as resp:
            return json.load(resp)["access_token"]

    def _new_user_id(self, server):
        """The id the verifying POST /users is to get: SEED_USERS + 1 on a single server; on a
        Galera node the next of its auto_increment series (wsrep_auto_increment_control: the
        cluster's size as increment, the node's place as offset; 10003 on node 1 of three)."""
        if not server.db:
            return SEED_USERS + 1
        return db.next_id(SEED_USERS, *server.db.auto_increment())

    def _verify_users(self, server, group):
        """One read, one list and one create, compared field by field with the Java service's
        answers: the first Java server verified in the run is the reference, its own answers
        checked against the seed (without a Java row in the run, every server's are). A
        difference fails the row: a server that does other work is not measured. The new
        user's id is the one the server's database gives (_new_user_id), the rest the same."""
        auth = {"Authorization": "Bearer " + self.seeded[server.base_url]}
        new_id = self._new_user_id(server)
        answers = {
            "read": _call(server.base_url + VERIFY_READ, headers=auth),
            "list": _call(server.base_url + VERIFY_LIST, headers=auth),
            "create": _call(server.base_url + "/users", "POST", json.dumps(VERIFY_CREATE).encode(),
                            {"Content-Type": "application/json"}),
        }
        if self.reference is None:
            problem = _check_seed_answers(answers, new_id)
            if not problem and group == "Java" and new_id == SEED_USERS + 1:
                self.reference = answers
            return problem
        for name, ref in self.reference.items():
            problem = _compare(name, _with_new_id(ref, new_id) if name == "create" else ref, answers[name])
            if problem:
                return problem
        return None

    def _wrk(self, t, server, seconds, log, sample=True, round_no=0, prefix=""):
        env = None
        script = None
        if t.script:
            script = self.ctx.path("bench", "lua", t.script)
            env = {"TOKEN": self.seeded[server.base_url], "FIRST": "1", "USERS": str(SEED_USERS),
                   "RUN_ID": f"{os.getpid()}-{t.id}-{round_no}-{int(time.time() * 1000)}"}
        url = server.base_url + (prefix + t.path if not t.script else "")
        if sample and t.connections > self.s.concurrency:
            seconds += 1  # opening thousands of connections takes part of the run
        # Again before each load: a process the server started since (a worker) is on its cores too.
        self.s.placement.pin_server(server.pids())
        return load.wrk(url, t.connections, seconds, log, threads=self.s.wrk_threads, script=script, env=env,
                        rss_of=server.pids if sample else None, placement=self.s.placement)

    def _measure_table(self, t):
        log = os.path.join(self.ctx.dir("logs"), f"{t.id}.log")
        ids = [i for i in t.row_ids if t.rows[i]["status"] == "ok"]
        # A server with fewer processes after a load than before it lost one (an instance that
        # ran out of memory): its row fails, not a row of zero errors from a server that is gone.
        processes = {tid: len(t.rows[tid]["server"].pids()) for tid in ids}
        for r in range(self.s.rounds):
            # Each round starts one row further on, so no row is always measured first or last.
            order = ids[r % len(ids):] + ids[:r % len(ids)] if ids else []
            for tid in order:
                row, label, prefix = t.rows[tid], self.targets[tid].label, self.targets[tid].prefix
                if row["status"] != "ok":
                    continue
                where = f"{t.title} · round {r + 1}/{self.s.rounds} · {label}"
                if t.siege:
                    self.progress.step(f"{where} · siege -c {t.connections}, ~{self.s.siege_seconds} s",
                                       self.s.siege_seconds + 1)
                    try:
                        rates = row["values"].get("siegeTps")
                        res = load.siege(row["server"].base_url + prefix + t.path, t.connections, self.s.siege_seconds, log,
                                         expected_rate=rates[-1] if rates else None, placement=self.s.placement)
                        _add(row, "siegeTps", res["tps"])
                        _add(row, "siegeFailed", res["failed"])
                    except load.LoadError as e:
                        row["reason"] = f"siege: {e}"
                seconds = max(self.s.wrk_seconds, t.min_seconds)
                self.progress.step(f"{where} · wrk -c {t.connections} -d {seconds}s", seconds + 1)
                # At 10,000 connections a registration flood left Tomcat working through its
                # queued requests for minutes after the clients had gone: the rows measured
                # in that time say so in their notes, rather than each waiting minutes.
                limit = self.s.backlog_seconds if t.connections <= self.s.concurrency else min(self.s.backlog_seconds, 30.0)
                if t.script and not self._quiesce([r["server"] for r in t.rows.values() if r.get("server")], where,
                                                  limit):
                    row["reason"] = (f"measured while a server of the table was still busy after {limit:.0f} s "
                                     "(the bcrypt backlog of an earlier load)")
                try:
                    res = self._wrk(t, row["server"], seconds, log, round_no=r, prefix=prefix)
                    for key in ("rps", "p50Ms", "p99Ms", "errors", "rssMiB", "rssMaxProcessMiB", "cpuSecondsPer1k"):
                        _add(row, "wrkRps" if key == "rps" else key, res.get(key))
                except load.LoadError as e:
                    row["reason"] = f"wrk: {e}"
                left = len(row["server"].pids())
                if left < processes[tid]:
                    row["status"] = "failed"
                    row["reason"] = (f"{processes[tid] - left} of the server's {processes[tid]} processes exited during "
                                     f"round {r + 1} (logs/ of the run)" + (f"; {row['reason']}" if row["reason"] else ""))
                    self.progress.note(f"{where}: {row['reason']}")

    def _profile_table(self, t, which):
        """--profile: for each Java row of the table it names, one more load of the table's own
        workload and length after the measured rounds, not counted, with JFR recording on every
        JVM of the row's server (profile.record). Extra rather than during a measured round:
        JFR's sampling costs the JVM a little, which must not show in the figures."""
        for tid in t.row_ids:
            row = t.rows[tid]
            if row["status"] != "ok" or not which(tid) or not self.s.profile.wants(tid, t.id):
                continue
            target = self.targets[tid]
            seconds = self.s.profile_seconds or max(self.s.wrk_seconds, t.min_seconds)
            where = f"{t.title} · profile · {target.label}"
            if t.script:
                self._quiesce([r["server"] for r in t.rows.values() if r.get("server")], where,
                              self.s.backlog_seconds)
            self.progress.step(f"{where} · JFR during wrk -c {t.connections} -d {seconds}s (not counted)", seconds + 5)
            log = os.path.join(self.ctx.dir("logs"), "profile.log")
            failure = []

            def run_load():
                try:
                    self._wrk(t, row["server"], seconds, log, sample=False, round_no=self.s.rounds,
                              prefix=target.prefix)
                except load.LoadError as e:
                    failure.append(f"wrk: {e}")

            entry = profile.record(row["server"].pids, run_load, self.s.profile_out, self.s.run_id, tid, t.id,
                                   f"{target.label}, {t.title} (run {self.s.run_id})")
            if failure:
                entry["reason"] = "; ".join(filter(None, [entry.get("reason")] + failure))
            self.profiles.append(entry)
            shares = ", ".join(f"{p['package']} {p['share']:.0%}" for p in (entry.get("packages") or [])[:5])
            self.progress.note(f"{where}: " + (f"not profiled: {entry['reason']}" if entry.get("reason") and
                                                not entry.get("samples") else
                                                f"{entry['samples']} samples, {shares} ({entry['summary']})"))

    def _quiesce(self, table_servers, where, limit):
        """Waits until the table's servers are idle (under a tenth of a core together for half a
        second): a server still hashing the passwords of POSTs whose clients have gone would
        otherwise take its backlog into the next measurement, its own or another server's.
        False when they are still busy at the limit."""
        def pids():
            return [p for server in table_servers for p in server.pids()]
        started = time.monotonic()
        while time.monotonic() - started < limit:
            before = procs.cpu_seconds(pids())
            time.sleep(0.5)
            after = procs.cpu_seconds(pids())
            if sum(t - before.get(pid, t) for pid, t in after.items()) < 0.05:
                break
        else:
            self.progress.note(f"{where} · the servers are still busy after {limit:.0f} s: measured anyway")
            return False
        waited = time.monotonic() - started
        if waited > 2:
            self.progress.note(f"{where} · waited {waited:.0f} s for the servers to finish their backlog")
        return True

    # --- results --------------------------------------------------------------------------

    def _table_result(self, t):
        rows = []
        for tid in t.row_ids:
            row = t.rows.get(tid) or {"status": "failed", "reason": "not measured", "values": {}}
            v = row["values"]
            status = row["status"]
            if status == "ok" and not v.get("wrkRps"):
                status = "failed"
            out = {"id": tid, "label": self.targets[tid].label, "group": self.targets[tid].group, "status": status,
                   "note": row.get("note")}
            if row.get("reason"):
                out["reason"] = row["reason"]
            for key in ("siegeTps", "wrkRps", "p50Ms", "p99Ms", "rssMiB", "rssMaxProcessMiB", "cpuSecondsPer1k"):
                out[key] = stats(v.get(key), 3 if key == "cpuSecondsPer1k" else 2)
            for key in ("siegeFailed", "errors"):
                out[key] = sum(v[key]) if v.get(key) else None
            out["warmup"] = row.get("warmup")
            out["noisy"] = noisy(v.get("wrkRps")) if status == "ok" else None
            rows.append(out)
        go = next((r for r in rows if r["id"] == "go" and r["status"] == "ok"), None)
        for r in rows:
            r["ratioToGo"] = None
            if go and r["status"] == "ok":
                r["ratioToGo"] = {k: _ratio(r[f], go[f]) for k, f in (("siege", "siegeTps"), ("wrk", "wrkRps"))}
        return {"id": t.id, "title": t.title, "path": t.path, "procs": t.procs, "connections": t.connections,
                "tools": ["siege", "wrk"] if t.siege else ["wrk"], "chart": t.id + ".png", "rows": rows}


class Problem(str):
    """Why a server's user API is not measured (kept in place of its token)."""


def _add(row, key, value):
    if value is not None:
        row["values"].setdefault(key, []).append(value)


def stats(values, digits=2):
    """One figure over the rounds: median, min, max and every value, rounded; None without any."""
    if not values:
        return None
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "values": [round(x, digits) for x in values]}


def noisy(values, limit=NOISY_SPREAD):
    """Whether the rounds spread (max - min) by more than limit of their median; None with
    fewer than two rounds, which show no spread."""
    if not values or len(values) < 2:
        return None
    return max(values) - min(values) > limit * statistics.median(values)


def _call(url, method="GET", data=None, headers=None):
    """(status, Content-Type, Location, parsed JSON body or the raw bytes) of one request."""
    req = urllib.request.Request(url, method=method, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, head, body = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        status, head, body = e.code, e.headers, e.read()
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = body[:200]
    location = head.get("Location")
    if location and location.startswith("http://127.0.0.1:"):
        location = "/" + location.split("/", 3)[3]  # the same path on another port is the same answer
    return {"status": status, "contentType": head.get("Content-Type"), "location": location, "body": parsed}


def _shape(value):
    """A date-time's format without its value: 2025-01-01T00:00:01.001Z -> 9999-99-99T99:99:99.999Z."""
    return re.sub(r"[0-9]", "9", value) if isinstance(value, str) else value


def _compare(name, ref, got):
    for key in ("status", "contentType", "location"):
        if ref[key] != got[key]:
            return f"{name}: {key} {got[key]!r}, the Java service answers {ref[key]!r}"
    return _compare_json(name, ref["body"], got["body"], "")


def _compare_json(name, ref, got, path):
    if isinstance(ref, dict) and isinstance(got, dict):
        if list(ref) != list(got):
            return f"{name}: fields{' of ' + path if path else ''} {list(got)}, the Java service's {list(ref)}"
        for k in ref:
            problem = _compare_json(name, ref[k], got[k], f"{path}.{k}" if path else k)
            if problem:
                return problem
        return None
    if isinstance(ref, list) and isinstance(got, list):
        if len(ref) != len(got):
            return f"{name}: {len(got)} items{' in ' + path if path else ''}, the Java service's {len(ref)}"
        for i, (a, b) in enumerate(zip(ref, got)):
            problem = _compare_json(name, a, b, f"{path}[{i}]")
            if problem:
                return problem
        return None
    # A new user's created_at is the time of the request: only its format is compared.
    same = _shape(ref) == _shape(got) if name == "create" and path == "created_at" else \
        (type(ref) is type(got) and ref == got)
    return None if same else f"{name}: {path or 'body'} is {got!r}, the Java service answers {ref!r}"


def _with_new_id(answer, new_id):
    """The reference's answer to the create as it reads with the new user's id new_id."""
    if new_id == SEED_USERS + 1:
        return answer
    out = dict(answer)
    if out.get("location") == f"/users/{SEED_USERS + 1}":
        out["location"] = f"/users/{new_id}"
    if isinstance(out.get("body"), dict) and out["body"].get("id") == SEED_USERS + 1:
        out["body"] = dict(out["body"], id=new_id)
    return out


def _check_seed_answers(answers, new_id=SEED_USERS + 1):
    """The reference's own answers, against what was seeded: the right users, the new id."""
    read, listing, create = answers["read"], answers["list"], answers["create"]
    want_id = int(VERIFY_READ.rsplit("/", 1)[1])
    if read["status"] != 200 or not isinstance(read["body"], dict) or read["body"].get("id") != want_id \
            or read["body"].get("name") != f"Seed user {want_id}":
        return f"read: GET {VERIFY_READ} answered {read['status']} {str(read['body'])[:100]}"
    items = listing["body"] if isinstance(listing["body"], list) else \
        next((v for v in listing["body"].values() if isinstance(v, list)), None) if isinstance(listing["body"], dict) \
        else None
    if listing["status"] != 200 or not items or [u.get("id") for u in items] != list(range(101, 111)):
        return f"list: GET {VERIFY_LIST} answered {listing['status']} {str(listing['body'])[:100]}"
    body = create["body"]
    if create["status"] != 201 or not isinstance(body, dict) or body.get("id") != new_id \
            or body.get("email") != VERIFY_CREATE["email"].lower() or body.get("name") != VERIFY_CREATE["name"].strip():
        return f"create: POST /users answered {create['status']} {str(body)[:100]}"
    return None


def _ratio(a, b):
    if not a or not b or not b["median"]:
        return None
    return round(a["median"] / b["median"], 3)
