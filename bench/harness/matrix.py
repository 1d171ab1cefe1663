"""The run itself: which tables, which rows, in which order; starting the servers of each
procs count, checking their answers, warming them up, measuring them interleaved over the
rounds, and stopping them. Produces the results' tables, as bench/results.schema.json
describes them (its table, row and stats definitions)."""
import concurrent.futures
import json
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request

from . import load, procs, servers

HELLO = "/Hello/100"
HELLO_BODY = "".join(f"{i}: Hello\n" for i in range(100)).encode()
JSON_BODY = b'{"message":"Hello, World!"}'

HELLO_ROWS = ["tomcat", "tomcat-raw", "tomcat-nginx-tcp", "tomcat-nginx-unix", "nginx-static", "go", "go-nginx", "gin",
              "tornado", "tornado-nginx", "webpy-gevent", "webpy-gunicorn", "webpy-cherrypy",
              "webpy-nginx-fastcgi", "flask", "django", "fastapi"]
# The 2025 article's frameworks (Fiber cannot run here), the Java rows and the ceiling.
JSON_ROWS = ["tomcat", "tomcat-nginx-tcp", "nginx-static", "go", "gin", "fastapi", "flask", "django"]
DB_ROWS = ["tomcat", "tomcat-nginx-tcp"]
SEED_USERS = 50


class Settings:
    def __init__(self, rounds, procs_list, siege_seconds, wrk_seconds, warmup_seconds, high_connections,
                 sections, only, concurrency=200, wrk_threads=2):
        self.rounds = rounds
        self.procs = procs_list
        self.siege_seconds = siege_seconds
        self.wrk_seconds = wrk_seconds
        self.warmup_seconds = warmup_seconds
        self.high_connections = high_connections
        self.sections = sections
        self.only = only
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
                "jsonProcs": self.json_procs}


class Table:
    def __init__(self, id, title, path, procs, connections, row_ids, siege=False, script=None):
        self.id, self.title, self.path, self.procs, self.connections = id, title, path, procs, connections
        self.row_ids, self.siege, self.script = row_ids, siege, script
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
    if "db" in s.sections:
        tables.append(Table("users-read", "GET /users/{id} (token, MariaDB)", "/users/{id}", n, s.concurrency,
                            DB_ROWS, script="users-read.lua"))
        tables.append(Table("users-mix", "90% GET /users/{id}, 10% POST /users", "/users", n, s.concurrency,
                            DB_ROWS, script="users-mix.lua"))
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
        self.warmed = set()
        self.seeded = {}       # server base URL -> token

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
            for n in order:
                phase = [t for t in tables if t.procs == n and (t.id.startswith("hello") or n == self.s.json_procs)]
                phase.sort(key=lambda t: t.connections > self.s.concurrency)
                if phase:
                    self._run_phase(n, phase)
        finally:
            for server in list(self.servers.values()):
                if isinstance(server, servers.Server):
                    server.stop()
            self.servers.clear()
        return [self._table_result(t) for t in tables]

    def _estimate(self, tables):
        s = self.s
        total = 0
        for t in tables:
            step = (s.siege_seconds + 1 if t.siege else 0) + s.wrk_seconds + 1
            total += len(t.row_ids) * s.rounds * step
        return total + len(HELLO_ROWS) * s.warmup_seconds * 2 + 30 * len(s.procs)

    def _run_phase(self, n, tables):
        ids = []
        for t in tables:
            ids += [r for r in t.row_ids if r not in ids]
        self.progress.note(f"{n} proc(s): starting {len(ids)} servers")
        self._start_all(n, [i for i in ids if i not in self.unavailable])
        for t in tables:
            self._prepare_table(t)
            self._measure_table(t)
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
            for tid, server in zip(todo, pool.map(start, todo)):
                self.servers[self._key(tid, n)] = server

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
            problem = self._check_answer(t, server, prefix)
            if problem:
                row["status"], row["reason"] = "failed", problem
                continue
            row["status"], row["server"], row["note"] = "ok", server, server.note
            # A JVM compiles each workload's hot code first: 5x the warm-up, once per workload.
            # Other servers: once, whatever the table.
            jvm = self.targets[tid].jvm
            key = (server.base_url, (t.script, prefix, t.path) if jvm else None)
            # Behind nginx, each of the N JVMs gets 1/N of the warm-up requests.
            instances = t.procs if self.targets[tid].id.startswith("tomcat-nginx") else 1
            seconds = min(self.s.warmup_seconds * 4 * instances, 20) if jvm else self.s.warmup_seconds // 2
            if key in self.warmed or not seconds:
                continue
            self.progress.step(f"{t.title} · warm-up · {self.targets[tid].label} · {seconds} s", seconds)
            try:
                self._wrk(t, server, seconds, os.path.join(self.ctx.dir("logs"), "warmup.log"), sample=False,
                          prefix=prefix)
                self.warmed.add(key)
            except load.LoadError as e:
                row["status"], row["reason"] = "failed", f"warm-up: {e}"

    def _check_answer(self, t, server, prefix=""):
        if t.script:
            try:
                self._seed(server)
            except (OSError, ValueError, KeyError) as e:
                return f"could not seed users: {e}"
            req = urllib.request.Request(server.base_url + "/users/1",
                                         headers={"Authorization": "Bearer " + self.seeded[server.base_url]})
            try:
                with urllib.request.urlopen(req, timeout=10) as resp:
                    body = resp.read()
            except OSError as e:
                return f"GET /users/1 with the seed token: {e}"
            return None if b'"id":1' in body.replace(b" ", b"") else f"GET /users/1 answered {body[:80]!r}"
        expected = HELLO_BODY if t.path == HELLO else JSON_BODY
        status, ctype, body = procs.get(server.base_url + prefix + t.path)
        if status != 200 or body != expected:
            return f"answer differs from the reference: status {status}, {len(body)} bytes {body[:60]!r}"
        return None

    def _seed(self, server):
        """SEED_USERS users through the API, and a token for the read rows."""
        if server.base_url in self.seeded:
            return
        def post(i):
            req = urllib.request.Request(server.base_url + "/users", method="POST",
                                         headers={"Content-Type": "application/json"},
                                         data=(f'{{"email":"seed-{i}@example.com","name":"Seed {i}",'
                                               f'"password":"seed password"}}').encode())
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(post, range(1, SEED_USERS + 1)))
        if any(s != 201 for s in statuses):
            raise ValueError(f"POST /users answered {sorted(set(statuses))}")
        form = urllib.parse.urlencode({"username": "seed-1@example.com", "password": "seed password"}).encode()
        with urllib.request.urlopen(server.base_url + "/token", data=form, timeout=30) as resp:
            self.seeded[server.base_url] = json.load(resp)["access_token"]

    def _wrk(self, t, server, seconds, log, sample=True, round_no=0, prefix=""):
        env = None
        script = None
        if t.script:
            script = self.ctx.path("bench", "lua", t.script)
            env = {"TOKEN": self.seeded[server.base_url], "USERS": str(SEED_USERS),
                   "RUN_ID": f"{os.getpid()}-{t.id}-{round_no}-{int(time.time() * 1000)}"}
        url = server.base_url + (prefix + t.path if not t.script else "")
        if sample and t.connections > self.s.concurrency:
            seconds += 1  # opening thousands of connections takes part of the run
        return load.wrk(url, t.connections, seconds, log, threads=self.s.wrk_threads, script=script, env=env,
                        rss_of=server.pids if sample else None)

    def _measure_table(self, t):
        log = os.path.join(self.ctx.dir("logs"), f"{t.id}.log")
        ids = [i for i in t.row_ids if t.rows[i]["status"] == "ok"]
        for r in range(self.s.rounds):
            # Each round starts one row further on, so no row is always measured first or last.
            order = ids[r % len(ids):] + ids[:r % len(ids)] if ids else []
            for tid in order:
                row, label, prefix = t.rows[tid], self.targets[tid].label, self.targets[tid].prefix
                where = f"{t.title} · round {r + 1}/{self.s.rounds} · {label}"
                if t.siege:
                    self.progress.step(f"{where} · siege -c {t.connections}, ~{self.s.siege_seconds} s",
                                       self.s.siege_seconds + 1)
                    try:
                        rates = row["values"].get("siegeTps")
                        res = load.siege(row["server"].base_url + prefix + t.path, t.connections, self.s.siege_seconds, log,
                                         expected_rate=rates[-1] if rates else None)
                        _add(row, "siegeTps", res["tps"])
                        _add(row, "siegeFailed", res["failed"])
                    except load.LoadError as e:
                        row["reason"] = f"siege: {e}"
                self.progress.step(f"{where} · wrk -c {t.connections} -d {self.s.wrk_seconds}s", self.s.wrk_seconds + 1)
                try:
                    res = self._wrk(t, row["server"], self.s.wrk_seconds, log, round_no=r, prefix=prefix)
                    for key in ("rps", "p50Ms", "p99Ms", "errors", "rssMiB", "rssMaxProcessMiB"):
                        _add(row, "wrkRps" if key == "rps" else key, res.get(key))
                except load.LoadError as e:
                    row["reason"] = f"wrk: {e}"

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
            for key in ("siegeTps", "wrkRps", "p50Ms", "p99Ms", "rssMiB", "rssMaxProcessMiB"):
                out[key] = _stats(v.get(key))
            for key in ("siegeFailed", "errors"):
                out[key] = sum(v[key]) if v.get(key) else None
            rows.append(out)
        go = next((r for r in rows if r["id"] == "go" and r["status"] == "ok"), None)
        for r in rows:
            r["ratioToGo"] = None
            if go and r["status"] == "ok":
                r["ratioToGo"] = {k: _ratio(r[f], go[f]) for k, f in (("siege", "siegeTps"), ("wrk", "wrkRps"))}
        return {"id": t.id, "title": t.title, "path": t.path, "procs": t.procs, "connections": t.connections,
                "tools": ["siege", "wrk"] if t.siege else ["wrk"], "chart": t.id + ".png", "rows": rows}


def _add(row, key, value):
    if value is not None:
        row["values"].setdefault(key, []).append(value)


def _stats(values):
    if not values:
        return None
    return {"median": round(statistics.median(values), 2), "min": round(min(values), 2),
            "max": round(max(values), 2), "values": [round(x, 2) for x in values]}


def _ratio(a, b):
    if not a or not b or not b["median"]:
        return None
    return round(a["median"] / b["median"], 3)
