"""How each server of the comparison is started for N "procs" and found again (for its
RSS) and stopped. A Target knows its command; a Server is one started instance of it."""
import os
import shutil
import subprocess
import time

from . import galera, procs

PY = "/usr/bin/python3"  # Debian's Python, where the python3-* packages are
# The production bcrypt cost (AppConfig's default), given to every user API server alike.
BCRYPT_COST = 10
# The schema of the user API: the Java service's Flyway migrations, which the peers share.
MIGRATIONS = os.path.join("src", "main", "resources", "db", "migration", "mysql")


class Unavailable(Exception):
    """The target cannot run on this machine (a package or service is missing)."""


class StartFailed(Exception):
    pass


class Server:
    def __init__(self, base_url, pids_fn, stop_fn, note=None, db_name=None, db=None, service_pids=None):
        self.base_url = base_url
        self.pids = pids_fn
        self._stop = stop_fn
        self.note = note
        self.db_name = db_name  # its own MariaDB database (the user API rows seed it), or None
        # The server that holds db_name when it is not the machine's MariaDB (a Galera node).
        self.db = db
        # Processes of its own besides the server's (a Galera cluster's nodes): pinned to the
        # servers' cores like it, but not in its RSS or CPU figures (as MariaDB is in no row's).
        self.service_pids = service_pids or (lambda: [])

    def stop(self):
        self._stop()


def _with_children(pids):
    """pids and every process whose parent is one of them (nginx's workers)."""
    parents = set(pids)
    result = list(pids)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = procs._stat_fields(entry)
            except (OSError, ValueError):
                continue
            if int(fields[1]) in parents and int(entry) not in parents:
                result.append(int(entry))
    return result


def nginx_workers(n):
    """nginx in front of N instances: a worker per proc, at most one per core (both the
    Tomcat and the Go side). One worker ran out of connections at 10,000 clients."""
    return max(1, min(n, os.cpu_count() or 1))


# The benchmark measures the servers, not the product nginx's protection of them: its loads
# come from one address at rates and concurrencies (POST /users at full speed, 200 and 10,000
# connections) that the per-address limits of deploy/tomcat/defaults.sh exist to refuse. Nor
# its disk: no access log (as bench/nginx/main.conf.template, the other rows' nginx).
UNLIMITED_NGINX = {"CLUSTER_LOGIN_RATE": "1000000r/s", "CLUSTER_LOGIN_BURST": "1000000",
                   "CLUSTER_CONN_LIMIT": "65535", "CLUSTER_ACCESS_LOG": "no"}


def _render(template_path, out_path, values):
    with open(template_path) as f:
        text = f.read()
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", str(value))
    with open(out_path, "w") as f:
        f.write(text)


class Ctx:
    """What every target needs: where the project is, where to write, the database."""

    def __init__(self, project, work, db):
        self.project = project
        self.work = work
        self.db = db  # a Database, or None when no MariaDB answers
        # Why the Galera rows are left out of this run when they are (bench/run --no-galera).
        self.galera_off = None
        self.war_problem = None  # why target/webstack.war cannot be had; "" once it is there

    def path(self, *parts):
        return os.path.join(self.project, *parts)

    def dir(self, name):
        d = os.path.join(self.work, name)
        os.makedirs(d, exist_ok=True)
        return d


# --- process helpers ------------------------------------------------------------------

def start_group(ctx, name, argv, url, seconds=30, env=None, cwd=None):
    """Starts argv in its own session and waits for url to answer 200."""
    log = os.path.join(ctx.dir("logs"), name + ".log")
    group = procs.Group(name, argv, log, env=dict(os.environ, **(env or {})), cwd=cwd)
    if not procs.wait_until_up(url, seconds, group):
        tail = group.log_tail()
        group.stop()
        raise StartFailed(f"{name} did not answer {url} within {seconds} s: {tail}")
    return group


def _stop_on_failure(started, start):
    """start(); when it fails, the groups already started for the same server are stopped."""
    try:
        return start()
    except StartFailed:
        for group in started:
            group.stop()
        raise


def _server(groups, port, note, after_stop=None, db_name=None):
    """One server made of several process groups (nginx and what it fronts)."""
    def stop():
        for group in groups:
            group.stop()
        if after_stop:
            after_stop()
    return Server(f"http://127.0.0.1:{port}", lambda: [p for g in groups for p in g.pids()], stop, note, db_name)


def start_nginx(ctx, name, workers, site_template, values):
    """A bench nginx of its own (bench/nginx/main.conf.template) with one site."""
    prefix = ctx.dir(name)
    for sub in ("logs", "tmp"):
        os.makedirs(os.path.join(prefix, sub), exist_ok=True)
    _render(ctx.path("bench", "nginx", "main.conf.template"), os.path.join(prefix, "nginx.conf"),
            {"PREFIX": prefix, "WORKERS": workers})
    _render(ctx.path("bench", "nginx", site_template), os.path.join(prefix, "site.conf"), values)
    return _nginx_in(ctx, name, prefix, f"http://127.0.0.1:{values['PORT']}")


def _product_nginx(ctx, name, prefix, n, port, backend_port):
    """The product's nginx configuration in front of one backend, rendered by the code that
    renders deploy/cluster's (deploy/nginx-render), its limits raised: the rows measure servers."""
    _deploy(ctx, "nginx-render", prefix, "--listen", f"127.0.0.1:{port}",
            "--workers", str(nginx_workers(n)), "--upstream", f"127.0.0.1:{backend_port}", env=UNLIMITED_NGINX)
    return _nginx_in(ctx, name, prefix, f"http://127.0.0.1:{port}")


def _nginx_in(ctx, name, prefix, url):
    # -g "daemon off;": nginx stays in the harness's session, so stopping the group stops it.
    argv = ["nginx", "-p", prefix + "/", "-c", os.path.join(prefix, "nginx.conf"), "-g", "daemon off;"]
    return start_group(ctx, name, argv, url + "/health", seconds=15)


def _deploy(ctx, script, *args, env=None):
    """Runs one of the product's deploy/ scripts to completion; StartFailed with its error."""
    done = subprocess.run([ctx.path("deploy", script), *args], env=dict(os.environ, **(env or {})),
                          capture_output=True, timeout=900)
    if done.returncode != 0:
        raise StartFailed(f"deploy/{script} failed: " + done.stderr.decode("utf-8", "replace")[-300:])


def need_war(ctx):
    """target/webstack.war, built first if it is stale by the rule deploy/run starts with."""
    if ctx.war_problem is None:
        try:
            _deploy(ctx, "run", "--build", env={"APP_WAR": ""})  # APP_WAR empty: the project's own WAR
            ctx.war_problem = ""
        except StartFailed as e:
            ctx.war_problem = str(e)
    if ctx.war_problem:
        raise Unavailable(ctx.war_problem)


def need_binary(path, package):
    if not shutil.which(path):
        raise Unavailable(f"{path} not found (Debian package {package})")


def need_python(*modules):
    for module in modules:
        if subprocess.run([PY, "-c", f"import {module}"], capture_output=True, timeout=30).returncode != 0:
            raise Unavailable(f"Python module {module} missing (python3-{module} from Debian)")


def build_go(ctx, name, package_dir, gopath=None):
    need_binary("go", "golang-go")
    binary = ctx.path("target", "peers", name)
    newest = max(os.path.getmtime(os.path.join(ctx.path(package_dir), f))
                 for f in os.listdir(ctx.path(package_dir)) if f.endswith(".go"))
    if not os.path.exists(binary) or newest > os.path.getmtime(binary):
        os.makedirs(os.path.dirname(binary), exist_ok=True)
        env = dict(os.environ, GO111MODULE="off", GOFLAGS="", GOCACHE=ctx.path("target", "go-cache"))
        if gopath:
            env["GOPATH"] = gopath
        done = subprocess.run(["go", "build", "-o", binary, "./" + package_dir], cwd=ctx.project, env=env,
                              capture_output=True, timeout=300)
        if done.returncode != 0:
            raise Unavailable(f"go build {package_dir} failed: " + done.stderr.decode()[-300:])
    return binary


# --- the targets ------------------------------------------------------------------------

class Target:
    id = label = group = None
    # Whether one instance serves every procs count (Tomcat direct: one JVM, its threads).
    shared = False
    # Another target whose running server this one measures, under another path prefix.
    same_server_as = None
    prefix = ""

    def check(self, ctx):
        """Raises Unavailable when this machine cannot run the target."""

    def start(self, ctx, n):
        raise NotImplementedError


class TomcatDirect(Target):
    id, label, group, shared = "tomcat", "Tomcat 11 (direct)", "Java", True

    def check(self, ctx):
        need_war(ctx)

    def start(self, ctx, n):
        note, db_name, env = "one JVM, embedded H2 (no MariaDB)", None, {}
        if ctx.db:
            db_name = ctx.db.name("direct")
            env = ctx.db.app_env(ctx.db.create(db_name))
            note = "one JVM, MariaDB"
        return _start_tomcat(ctx, "tomcat", env, note, db_name)


def _start_tomcat(ctx, name, db_env, note, db_name, db=None, service_pids=None, after_stop=None):
    """deploy/run on a port of its own, CATALINA_BASE and data under the run's name for it."""
    port = procs.free_port()
    base = ctx.dir(name)
    # Only what differs from deploy/run's defaults (deploy/tomcat/defaults.sh).
    env = {"CATALINA_BASE": os.path.join(base, "base"), "APP_DATA_DIR": os.path.join(base, "data"),
           "APP_WAR": ctx.path("target", "webstack.war"), **db_env}
    if db_env:
        env["APP_BCRYPT_COST"] = str(BCRYPT_COST)
    group = start_group(ctx, name, [ctx.path("deploy", "run"), "--port", str(port)],
                        f"http://127.0.0.1:{port}/health", seconds=180, env=env)

    def stop():
        group.stop()
        if after_stop:
            after_stop()
    return Server(f"http://127.0.0.1:{port}", group.pids, stop, note + ", deploy/tomcat/defaults.sh settings",
                  db_name, db, service_pids)


class TomcatGalera(Target):
    """Tomcat direct as the "tomcat" row, its database on a three-node MariaDB Galera cluster
    on 127.0.0.1 (galera.py) instead of the machine's single MariaDB: the JDBC URL names the
    writer node (node 1) itself, no HAProxy between, so the row's difference from the "tomcat"
    row is the synchronous replication alone. The cluster starts and stops with the row."""
    id, group, shared = "tomcat-galera", "Java", True
    label = "Tomcat 11 (direct) → Galera ×3, writer node direct"

    def check(self, ctx):
        need_war(ctx)
        if ctx.galera_off:
            raise Unavailable(ctx.galera_off)
        if not ctx.db:
            raise Unavailable("its comparison is with Tomcat direct on MariaDB at 127.0.0.1:3306, which is not there")
        problem = galera.problem()
        if problem:
            raise Unavailable(f"no Galera cluster: {problem}")

    def start(self, ctx, n):
        cluster = galera.Cluster(ctx.project, ctx.dir("galera"), os.path.join(ctx.dir("logs"), "galera.log"),
                                 tag=ctx.db.tag)
        try:
            cluster.start()
        except galera.StartFailed as e:
            raise StartFailed(str(e))
        gdb = cluster.database()
        db_name = gdb.name("galera")
        try:
            url = gdb.create(db_name)
            return _start_tomcat(ctx, "tomcat-galera", gdb.app_env(url),
                                 "one JVM, MariaDB Galera: 3 nodes on 127.0.0.1 (rsync SST, "
                                 "innodb-flush-log-at-trx-commit=1 on each), JDBC to node 1", db_name, gdb,
                                 cluster.pids, cluster.stop)
        except (StartFailed, OSError) as e:
            cluster.stop()
            raise StartFailed(str(e))


class TomcatRaw(Target):
    """The same Tomcat, /raw/Hello/100: the page written by a plain servlet, no template."""
    id, label, group, shared = "tomcat-raw", "Tomcat 11, plain servlet (/raw)", "Java", True
    same_server_as, prefix = "tomcat", "/raw"

    def check(self, ctx):
        TomcatDirect().check(ctx)


class TomcatCluster(Target):
    """deploy/cluster up N: the product's own nginx in front of N Tomcat instances."""
    group = "Java"

    def __init__(self, mode):
        self.mode = mode
        self.id = f"tomcat-nginx-{mode}"
        self.label = f"nginx → Tomcat ×N ({'TCP' if mode == 'tcp' else 'Unix socket'})"

    def check(self, ctx):
        TomcatDirect().check(ctx)
        need_binary("nginx", "nginx-light")
        if not ctx.db:
            raise Unavailable("needs MariaDB on 127.0.0.1:3306 (instances share one database)")

    def start(self, ctx, n):
        cluster_dir = ctx.dir(f"cluster-{self.mode}-{n}")
        db_name = ctx.db.name(f"{self.mode}{n}")
        ctx.db.drop(db_name)
        ctx.db.track(db_name)
        ctx.db.track(db_name + "_migrate")  # deploy/cluster's migration account for it
        block = procs.free_port_block(n + 1)
        # Only what differs from deploy/cluster's defaults (deploy/tomcat/defaults.sh); its
        # instances log every request by default, which a benchmark does not want.
        env = dict(os.environ, CLUSTER_DIR=cluster_dir, CLUSTER_PORT=str(block), CLUSTER_BASE_PORT=str(block + 1),
                   CLUSTER_NGINX_WORKERS=str(nginx_workers(n)),
                   CLUSTER_DB_NAME=db_name, CLUSTER_DB_USER=db_name, APP_ACCESS_LOG="false", APP_WAR=ctx.path("target", "webstack.war"),
                   APP_BCRYPT_COST=str(BCRYPT_COST),
                   **UNLIMITED_NGINX)
        cluster = ctx.path("deploy", "cluster")
        argv = [cluster, "up", str(n)] + (["--unix"] if self.mode == "unix" else [])
        log = os.path.join(ctx.dir("logs"), f"cluster-{self.mode}-{n}.log")

        def stop():
            with open(log, "a") as out:
                subprocess.run([cluster, "down"], env=env, stdout=out, stderr=subprocess.STDOUT, timeout=120)
            ctx.db.drop(db_name)

        with open(log, "a") as out:
            try:
                done = subprocess.run(argv, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=300)
            except subprocess.TimeoutExpired:
                done = None
        if done is None or done.returncode != 0:
            stop()
            raise StartFailed(f"deploy/cluster up {n} failed (see {log})")
        return Server(f"http://127.0.0.1:{block}", lambda: _with_children(procs.pids_with_arg(cluster_dir)), stop,
                      f"{n} instance(s), {nginx_workers(n)} nginx worker(s)", db_name)


class GoPeer(Target):
    group = "Go"

    def __init__(self, id, label, package_dir, gopath=None):
        self.id, self.label, self.package_dir, self.gopath = id, label, package_dir, gopath

    def check(self, ctx):
        self.binary = build_go(ctx, self.id, self.package_dir, self.gopath)

    def start(self, ctx, n):
        port = procs.free_port()
        group = start_group(ctx, f"{self.id}-{n}", [self.binary, "-addr", f"127.0.0.1:{port}"],
                            f"http://127.0.0.1:{port}/health", env={"GOMAXPROCS": str(n)})
        return Server(f"http://127.0.0.1:{port}", group.pids, group.stop, f"GOMAXPROCS={n}")


class GoBehindNginx(Target):
    """The Go peer behind the product's nginx configuration: the reference for the cluster rows."""
    id, label, group = "go-nginx", "nginx → Go net/http", "Go"

    def check(self, ctx):
        need_binary("nginx", "nginx-light")
        self.binary = build_go(ctx, "go-hello", "bench/peers/go-hello")

    def start(self, ctx, n):
        go_port, port = procs.free_port(), procs.free_port()
        go = start_group(ctx, f"go-behind-nginx-{n}", [self.binary, "-addr", f"127.0.0.1:{go_port}"],
                         f"http://127.0.0.1:{go_port}/health", env={"GOMAXPROCS": str(n)})
        prefix = ctx.dir(f"nginx-go-{n}")

        nginx = _stop_on_failure([go], lambda: _product_nginx(ctx, f"nginx-go-{n}", prefix, n, port, go_port))
        return _server([nginx, go], port,
                       f"GOMAXPROCS={n}, the cluster's nginx configuration, {nginx_workers(n)} worker(s)")


class NginxStatic(Target):
    id, label, group = "nginx-static", "nginx, static file (ceiling)", "nginx"

    def check(self, ctx):
        need_binary("nginx", "nginx-light")

    def start(self, ctx, n):
        root = ctx.dir("static-root")
        os.makedirs(os.path.join(root, "Hello"), exist_ok=True)
        with open(os.path.join(root, "Hello", "100"), "w") as f:
            f.write("".join(f"{i}: Hello\n" for i in range(100)))
        for name, body in (("json", '{"message":"Hello, World!"}'), ("health", '{"status":"healthy"}')):
            with open(os.path.join(root, name), "w") as f:
                f.write(body)
        port = procs.free_port()
        group = start_nginx(ctx, f"nginx-static-{n}", n, "static.conf.template", {"PORT": port, "ROOT": root})
        return Server(f"http://127.0.0.1:{port}", group.pids, group.stop, f"{n} worker(s)")


class PythonPeer(Target):
    """A Python peer started by one command line with {port} and {n} in it."""
    group = "Python"

    def __init__(self, id, label, argv, modules, binaries=(), note="{n} process(es)"):
        self.id, self.label, self.argv, self.modules, self.binaries, self.note = id, label, argv, modules, binaries, note

    def check(self, ctx):
        for binary, package in self.binaries:
            need_binary(binary, package)
        need_python(*self.modules)

    def start(self, ctx, n):
        port = procs.free_port()
        argv = [a.format(port=port, n=n, py=ctx.path("bench", "peers", "python")) for a in self.argv]
        group = start_group(ctx, f"{self.id}-{n}", argv, f"http://127.0.0.1:{port}/health",
                            env={"PYTHONDONTWRITEBYTECODE": "1"})
        return Server(f"http://127.0.0.1:{port}", group.pids, group.stop, self.note.format(n=n))


class TornadoBehindNginx(Target):
    id, label, group = "tornado-nginx", "Tornado + nginx", "Python"

    def check(self, ctx):
        need_binary("nginx", "nginx-light")
        need_python("tornado")

    def start(self, ctx, n):
        ports = [procs.free_port() for _ in range(n)]
        backends = []
        for i, p in enumerate(ports):
            backends.append(_stop_on_failure(backends, lambda: start_group(
                ctx, f"tornado-backend-{n}-{i}",
                [PY, ctx.path("bench", "peers", "python", "hello_tornado.py"), "--port", str(p)],
                f"http://127.0.0.1:{p}/health", env={"PYTHONDONTWRITEBYTECODE": "1"})))
        port = procs.free_port()
        servers = "\n".join(f"    server 127.0.0.1:{p};" for p in ports)
        nginx = _stop_on_failure(backends, lambda: start_nginx(
            ctx, f"nginx-tornado-{n}", 1, "proxy.conf.template", {"PORT": port, "SERVERS": servers}))
        return _server([nginx] + backends, port, f"{n} single-process backends, 1 nginx worker")


class WebpyFastcgi(Target):
    id, label, group = "webpy-nginx-fastcgi", "web.py + nginx (FastCGI)", "Python"

    def check(self, ctx):
        need_binary("nginx", "nginx-light")
        need_binary("uwsgi", "uwsgi + uwsgi-plugin-python3")
        need_python("web")

    def start(self, ctx, n):
        sock = os.path.join(ctx.dir("sockets"), f"webpy-{n}.sock")
        py = ctx.path("bench", "peers", "python")
        # uWSGI only answers once nginx is in front of it: wait for its socket, then for nginx.
        # --listen 1024: uWSGI's default queue of 100 refuses nginx's connections at 200 clients.
        log = os.path.join(ctx.dir("logs"), f"webpy-fastcgi-{n}.log")
        uwsgi = procs.Group(f"webpy-fastcgi-{n}", [
            "uwsgi", "--plugin", "python3", "--fastcgi-socket", sock, "--chmod-socket=666",
            "--pythonpath", py, "--wsgi-file", os.path.join(py, "hello_webpy.py"), "--callable", "application",
            "--processes", str(n), "--listen", "1024", "--master", "--die-on-term", "--disable-logging"],
            log, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        deadline = time.monotonic() + 20
        while not os.path.exists(sock) and time.monotonic() < deadline and uwsgi.alive():
            time.sleep(0.1)
        port = procs.free_port()
        nginx = _stop_on_failure([uwsgi], lambda: start_nginx(
            ctx, f"nginx-webpy-{n}", 1, "fastcgi.conf.template", {"PORT": port, "SOCKET": sock}))
        return _server([nginx, uwsgi], port, f"uWSGI FastCGI, {n} process(es), 1 nginx worker")


class UserPeer(Target):
    """A peer implementation of the article's user API (bench/peers/gin-users, fastapi-users),
    on a database of its own that the Java service's migrations make, direct or behind the
    product's nginx configuration (as GoBehindNginx). Every setting the Java service has too is
    given the same value: pool size, bcrypt cost."""

    def __init__(self, id, label, group, behind_nginx):
        self.id, self.label, self.group, self.behind_nginx = id, label, group, behind_nginx

    def check(self, ctx):
        if not ctx.db:
            raise Unavailable("needs MariaDB on 127.0.0.1:3306")
        if self.behind_nginx:
            need_binary("nginx", "nginx-light")
        self.prepare(ctx)

    def prepare(self, ctx):
        raise NotImplementedError

    def command(self, ctx, port, n):
        """(argv, extra environment) of the peer on 127.0.0.1:port with n workers."""
        raise NotImplementedError

    def start(self, ctx, n):
        db_name = ctx.db.name(self.id.replace("-", "_") + str(n))
        ctx.db.create(db_name)
        try:
            ctx.db.migrate(db_name, ctx.path(MIGRATIONS))
        except Exception as e:
            ctx.db.drop(db_name)
            raise StartFailed(f"migrating {db_name}: {e}")
        app_port = procs.free_port()
        argv, extra = self.command(ctx, app_port, n)
        env = {"APP_ADDRESS": "127.0.0.1", "APP_PORT": str(app_port), "APP_DB_HOST": ctx.db.HOST,
               "APP_DB_PORT": str(ctx.db.PORT), "APP_DB_NAME": db_name, "APP_DB_USER": "root", "APP_DB_PASSWORD": "",
               "APP_DB_POOL_SIZE": "16", "APP_BCRYPT_COST": str(BCRYPT_COST),
               "APP_TOKEN_SECRET": "bench-" + os.urandom(24).hex(), "APP_DATA_DIR": ctx.dir(f"{self.id}-{n}-data"),
               **extra}
        try:
            app = start_group(ctx, f"{self.id}-app-{n}", argv, f"http://127.0.0.1:{app_port}/health", seconds=60, env=env)
        except StartFailed:
            ctx.db.drop(db_name)
            raise
        note = self.note(n)
        if not self.behind_nginx:
            return _server([app], app_port, note, lambda: ctx.db.drop(db_name), db_name)
        port = procs.free_port()
        prefix = ctx.dir(f"nginx-{self.id}-{n}")

        try:
            nginx = _stop_on_failure([app], lambda: _product_nginx(ctx, f"nginx-{self.id}-{n}", prefix, n, port, app_port))
        except StartFailed:
            ctx.db.drop(db_name)
            raise
        return _server([nginx, app], port, note + f", the cluster's nginx configuration, {nginx_workers(n)} worker(s)",
                       lambda: ctx.db.drop(db_name), db_name)


class GinUsers(UserPeer):
    def __init__(self, behind_nginx=False):
        super().__init__("gin-users-nginx" if behind_nginx else "gin-users",
                         "nginx → Gin (user API)" if behind_nginx else "Gin (user API)", "Go", behind_nginx)

    def prepare(self, ctx):
        self.binary = build_go(ctx, "gin-users", "bench/peers/gin-users", "/usr/share/gocode")

    def command(self, ctx, port, n):
        return [self.binary], {"GOMAXPROCS": str(n)}

    def note(self, n):
        return f"GOMAXPROCS={n}, pool 16, MariaDB"


class FastApiUsers(UserPeer):
    DIR = os.path.join("bench", "peers", "fastapi-users")
    MODULES = (("fastapi", "python3-fastapi"), ("uvicorn", "python3-uvicorn"), ("sqlalchemy", "python3-sqlalchemy"),
               ("MySQLdb", "python3-mysqldb"), ("bcrypt", "python3-bcrypt"), ("jwt", "python3-jwt"))

    def __init__(self, behind_nginx=False):
        super().__init__("fastapi-users-nginx" if behind_nginx else "fastapi-users",
                         "nginx → FastAPI (user API)" if behind_nginx else "FastAPI + uvicorn (user API)", "Python",
                         behind_nginx)

    def prepare(self, ctx):
        if not os.path.isdir(ctx.path(self.DIR)):
            raise Unavailable(f"{self.DIR} is not in this checkout")
        for module, package in self.MODULES:
            if subprocess.run([PY, "-c", f"import {module}"], capture_output=True, timeout=30).returncode != 0:
                raise Unavailable(f"Python module {module} missing (Debian package {package})")

    def command(self, ctx, port, n):
        return ([PY, "-m", "uvicorn", "--app-dir", ctx.path(self.DIR), "users_api.main:app", "--host", "127.0.0.1",
                 "--port", str(port), "--workers", str(n), "--no-access-log", "--no-server-header"],
                {"PYTHONDONTWRITEBYTECODE": "1", "APP_WORKERS": str(n)})

    def note(self, n):
        return f"{n} uvicorn worker(s), pool 16 per worker, MariaDB"


def all_targets():
    """Every system of the comparison, in the order of the report's tables."""
    gunicorn = ["gunicorn", "-w", "{n}", "-b", "127.0.0.1:{port}", "--chdir", "{py}"]
    need_gunicorn = (("gunicorn", "gunicorn"),)
    return [
        TomcatDirect(),
        TomcatGalera(),
        TomcatRaw(),
        TomcatCluster("tcp"),
        TomcatCluster("unix"),
        NginxStatic(),
        GoPeer("go", "Go net/http", "bench/peers/go-hello"),
        GoBehindNginx(),
        GoPeer("gin", "Go Gin", "bench/peers/gin-hello", gopath="/usr/share/gocode"),
        PythonPeer("tornado", "Tornado", [PY, "{py}/hello_tornado.py", "--port", "{port}", "--procs", "{n}"],
                   ["tornado"]),
        TornadoBehindNginx(),
        PythonPeer("webpy-gevent", "web.py + gevent", gunicorn + ["-k", "gevent", "hello_webpy:application"],
                   ["web", "gevent"], need_gunicorn, "gunicorn, {n} gevent worker(s)"),
        PythonPeer("webpy-gunicorn", "web.py + gunicorn", gunicorn + ["hello_webpy:application"], ["web"],
                   need_gunicorn, "{n} sync worker(s)"),
        PythonPeer("webpy-cherrypy", "web.py + CherryPy", [PY, "{py}/hello_webpy.py", "127.0.0.1:{port}"],
                   ["web", "cheroot"], note="one process, cheroot's thread pool, at every procs count"),
        WebpyFastcgi(),
        PythonPeer("flask", "Flask + gunicorn", gunicorn + ["hello_flask:app"], ["flask"], need_gunicorn,
                   "{n} sync worker(s)"),
        PythonPeer("django", "Django + gunicorn", gunicorn + ["hello_django:application"], ["django"],
                   need_gunicorn, "{n} sync worker(s)"),
        PythonPeer("fastapi", "FastAPI + uvicorn",
                   [PY, "-m", "uvicorn", "--app-dir", "{py}", "--host", "127.0.0.1", "--port", "{port}",
                    "--workers", "{n}", "--no-access-log", "hello_fastapi:app"],
                   ["fastapi", "uvicorn"], note="{n} worker(s)"),
        GinUsers(),
        GinUsers(behind_nginx=True),
        FastApiUsers(),
        FastApiUsers(behind_nginx=True),
    ]


# The systems of the two write-ups that cannot run here, listed in every report.
UNAVAILABLE = [
    {"label": "twister (Go, 2011)", "reason": "not packaged in Debian 12; a pre-Go 1 API, unmaintained"},
    {"label": "web.go (Go, 2011)", "reason": "not packaged in Debian 12; a pre-Go 1 API, unmaintained"},
    {"label": "Go Fiber (2025)", "reason": "not packaged in Debian 12 and no Go module proxy here"},
    {"label": "flup FastCGI (2011)", "reason": "not packaged for Python 3 in Debian 12: uWSGI's FastCGI socket stands in"},
]
