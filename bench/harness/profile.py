"""bench/run --profile: a JFR recording of a Java row's server during a load of its own, and
what it shows as text. The load is an extra one after the table's measured rounds, as long as
one of them and of the same workload, not counted: JFR's sampling (settings=profile) costs the
JVM a little, which must not show in the figures.

  <out>/<run>-profile-<row>-<table>.jfr        the recording (one per JVM: -1, -2, ... when a row
                                               has several, as nginx -> N Tomcat)
  <out>/<run>-profile-<row>-<table>.txt        its summary: the top self-time methods and the CPU
                                               share by top-level package
  <out>/<run>-profile-<row>-<table>.collapsed  the stacks, "frame;frame;frame count" per line, root
                                               first (flamegraph.pl, speedscope)
  <out>/<run>-profile-<row>-<table>.svg        a flame graph, when flamegraph.pl is here (Debian's
                                               libdevel-nytprof-perl ships one)

The summary is read from `jfr print --events jdk.ExecutionSample --stack-depth 64` (JDK 17 has
no `jfr view`), by parse() below: a sample's first frame is where its CPU time was spent (self
time), its package the top-level package of that method."""
import collections
import os
import re
import shutil
import subprocess
import time

STACK_DEPTH = 64  # JFR's own default: a JVM records no deeper stacks unless told to
# The frame that stands for the ones below a stack cut at STACK_DEPTH (`jfr print`'s "...").
CUT = "[deeper frames not recorded]"
TOP_METHODS = 30

# The top-level packages the summary groups by, most specific first; any other method goes to
# its first two name parts (org.h2, io.jsonwebtoken, ...).
PACKAGES = ["org.apache.catalina", "org.apache.coyote", "org.apache.tomcat", "org.apache.jasper",
            "org.apache.ibatis", "org.mybatis", "org.mariadb", "com.mysql", "com.zaxxer", "freemarker",
            "com.fasterxml", "org.flywaydb", "webstack", "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun."]

# Where Debian's packages put a flamegraph.pl (libdevel-nytprof-perl: Brendan Gregg's script,
# which reads the collapsed stacks).
FLAMEGRAPH = ["flamegraph.pl", "flamegraph", "/usr/share/perl5/Devel/NYTProf/flamegraph.pl"]


class Spec:
    """--profile ROW[:TABLE],...: which rows to profile, in which tables. TABLE is a table id
    (users-read, hello-procs-2, json-c200, users-read-c10000), a user API workload without its
    users- prefix (read, list, create, mix, read-c10000) or a section (hello, json, users);
    without it, every table of the row."""

    def __init__(self, text):
        self.items = []
        for part in (text or "").split(","):
            part = part.strip()
            if not part:
                continue
            row, _, table = part.partition(":")
            if not row or (":" in part and not table):
                raise ValueError(f"--profile takes ROW or ROW:TABLE, got {part!r}")
            self.items.append((row, table or None))

    def rows(self):
        return [row for row, _ in self.items]

    def wants(self, row_id, table_id):
        return any(row == row_id and (table is None or matches(table, table_id)) for row, table in self.items)

    def __bool__(self):
        return bool(self.items)


def matches(selector, table_id):
    """Whether a --profile table selector names the table table_id."""
    return selector in (table_id, table_id.split("-", 1)[0]) or \
        (table_id.startswith("users-") and selector == table_id[len("users-"):])


def base_name(run_id, row_id, table_id):
    return f"{run_id}-profile-{row_id}-{table_id}"


# --- the JVMs of a server, and JFR on them ------------------------------------------------

def java_pids(pids):
    """The JVMs among a server's processes (nginx and shell wrappers are not)."""
    found = []
    for pid in pids:
        try:
            exe = os.path.realpath(f"/proc/{pid}/exe")
        except OSError:
            continue
        if os.path.basename(exe) == "java":
            found.append(pid)
    return sorted(found)


def jdk_tool(pid, name):
    """The JDK tool (jcmd, jfr) of the JDK that runs pid: its java's own bin directory, else PATH."""
    try:
        tool = os.path.join(os.path.dirname(os.path.realpath(f"/proc/{pid}/exe")), name)
        if os.access(tool, os.X_OK):
            return tool
    except OSError:
        pass
    return shutil.which(name)


def _jcmd(pid, *args, timeout=60):
    tool = jdk_tool(pid, "jcmd")
    if not tool:
        raise OSError("jcmd not found (the JDK of the JVM, or on PATH)")
    done = subprocess.run([tool, str(pid), *args], capture_output=True, timeout=timeout)
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    if done.returncode != 0 or "Exception" in text or "Could not" in text:
        raise OSError(f"jcmd {pid} {' '.join(args)}: {text.strip()[-300:]}")
    return text


class Recording:
    """JFR on each JVM of a server, started and stopped together: one file per JVM."""

    def __init__(self, pids, files):
        self.pids, self.files = pids, files

    @staticmethod
    def start(jvm_pids, files):
        started = []
        try:
            for pid, path in zip(jvm_pids, files):
                if os.path.exists(path):
                    os.remove(path)
                _jcmd(pid, "JFR.start", "name=bench", "settings=profile", f"filename={path}")
                started.append(pid)
        except (OSError, subprocess.TimeoutExpired):
            for pid in started:
                try:
                    _jcmd(pid, "JFR.stop", "name=bench")
                except (OSError, subprocess.TimeoutExpired):
                    pass
            raise
        return Recording(list(jvm_pids), list(files))

    def stop(self):
        """Stops every JVM's recording (writing its file); the first failure is raised after."""
        problem = None
        for pid, path in zip(self.pids, self.files):
            try:
                _jcmd(pid, "JFR.stop", "name=bench", f"filename={path}")
            except (OSError, subprocess.TimeoutExpired) as e:
                problem = problem or e
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(os.path.exists(f) for f in self.files):
            time.sleep(0.2)
        if problem:
            raise OSError(str(problem))


def jfr_print(jfr_file, pid=None):
    """The execution samples of a recording as `jfr print` writes them."""
    tool = (jdk_tool(pid, "jfr") if pid else None) or shutil.which("jfr")
    if not tool:
        raise OSError("jfr not found (the JDK of the JVM, or on PATH)")
    done = subprocess.run([tool, "print", "--events", "jdk.ExecutionSample", "--stack-depth", str(STACK_DEPTH),
                           jfr_file], capture_output=True, timeout=300)
    if done.returncode != 0:
        raise OSError(f"jfr print {jfr_file}: {done.stderr.decode('utf-8', 'replace').strip()[-300:]}")
    return done.stdout.decode("utf-8", "replace")


# --- reading `jfr print` --------------------------------------------------------------------

def parse(text):
    """The execution samples of `jfr print` text: a list of (thread, frames), frames leaf first,
    each a method as `package.Class.method` (argument types and line dropped); a stack cut at
    --stack-depth ends with CUT. A sample without a stack is left out."""
    samples = []
    thread, frames, in_stack = None, None, False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("jdk.ExecutionSample"):
            thread, frames, in_stack = None, [], False
        elif frames is None:
            continue
        elif stripped.startswith("sampledThread = "):
            m = re.match(r'sampledThread = "(.*)"', stripped)
            thread = m.group(1) if m else stripped[len("sampledThread = "):]
        elif stripped == "stackTrace = [":
            in_stack = True
        elif in_stack and stripped == "]":
            in_stack = False
        elif in_stack and stripped:
            frames.append(method(stripped))
        elif stripped == "}":
            if frames:
                samples.append((thread, frames))
            frames = None
    return samples


def method(frame):
    """`pkg.Class.method(int, String) line: 12` -> `pkg.Class.method`; "..." -> CUT."""
    if frame.strip() == "...":
        return CUT
    frame = re.sub(r"\s+line:\s*-?\d+\s*$", "", frame.strip())
    paren = frame.find("(")
    return frame[:paren] if paren > 0 else frame


def package(name):
    """The top-level package a method belongs to (PACKAGES, else its first two name parts)."""
    for p in PACKAGES:
        if name.startswith(p if p.endswith(".") else p + "."):
            return p.rstrip(".")
    parts = name.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 else (parts[0] if parts else name)


def summarize(samples):
    """Self time by method and by top-level package: {"samples", "methods": [(method, n, share)],
    "packages": [(package, n, share)]}, most samples first."""
    total = len(samples)
    methods = collections.Counter(frames[0] for _, frames in samples)
    packages = collections.Counter(package(frames[0]) for _, frames in samples)

    def ranked(counter, limit=None):
        items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [(k, n, n / total) for k, n in items]

    return {"samples": total, "methods": ranked(methods, TOP_METHODS), "packages": ranked(packages)}


def collapsed(samples):
    """The collapsed stacks: `root;...;leaf count` lines, sorted, as flamegraph.pl reads them."""
    counts = collections.Counter(";".join(f.replace(";", ":") for f in reversed(frames)) for _, frames in samples)
    return "".join(f"{stack} {n}\n" for stack, n in sorted(counts.items()))


def summary_text(title, summary):
    lines = [title, "", f"{summary['samples']} execution samples (jdk.ExecutionSample, settings=profile); "
             "self time: the method on top of the sampled stack. JFR samples threads running Java code; time in "
             "native code (socket reads and writes, epoll) is not in them (jdk.NativeMethodSample).", "",
             "CPU share by top-level package (self time):", ""]
    lines += [f"  {share:6.1%}  {n:6d}  {p}" for p, n, share in summary["packages"]]
    lines += ["", f"Top {TOP_METHODS} methods by self time:", ""]
    lines += [f"  {share:6.1%}  {n:6d}  {m}" for m, n, share in summary["methods"]]
    return "\n".join(lines) + "\n"


def flamegraph_tool():
    for name in FLAMEGRAPH:
        found = shutil.which(name) if "/" not in name else (name if os.path.exists(name) else None)
        if found:
            return found
    return None


def write_outputs(out, base, title, texts, jvm_pid=None):
    """From the `jfr print` texts of one row's recordings: base.txt, base.collapsed and, with
    flamegraph.pl, base.svg in out. Returns (summary, file names written)."""
    samples = [s for text in texts for s in parse(text)]
    summary = summarize(samples)
    files = {}
    with open(os.path.join(out, base + ".txt"), "w") as f:
        f.write(summary_text(title, summary))
    files["summary"] = base + ".txt"
    with open(os.path.join(out, base + ".collapsed"), "w") as f:
        f.write(collapsed(samples))
    files["collapsed"] = base + ".collapsed"
    files["flamegraph"] = None
    tool = flamegraph_tool()
    if tool and samples:
        with open(os.path.join(out, base + ".collapsed"), "rb") as src, \
                open(os.path.join(out, base + ".svg"), "wb") as dst:
            done = subprocess.run(["perl", tool, "--title", title], stdin=src, stdout=dst,
                                  stderr=subprocess.DEVNULL, timeout=120)
        if done.returncode == 0:
            files["flamegraph"] = base + ".svg"
        else:
            os.remove(os.path.join(out, base + ".svg"))
    return summary, files


def record(pids_fn, load, out, run_id, row_id, table_id, title):
    """A recording of the server whose processes pids_fn() lists during load(), its files
    written in out: the results' profile entry (files and the package shares, or a reason)."""
    entry = {"row": row_id, "table": table_id, "jfr": [], "summary": None, "collapsed": None, "flamegraph": None,
             "samples": None, "packages": None}
    jvms = java_pids(pids_fn())
    if not jvms:
        entry["reason"] = "no JVM among the server's processes"
        return entry
    base = base_name(run_id, row_id, table_id)
    names = [base + ".jfr"] if len(jvms) == 1 else [f"{base}-{i}.jfr" for i in range(1, len(jvms) + 1)]
    os.makedirs(out, exist_ok=True)
    try:
        rec = Recording.start(jvms, [os.path.join(out, n) for n in names])
    except (OSError, subprocess.TimeoutExpired) as e:
        entry["reason"] = f"JFR.start: {e}"
        return entry
    try:
        load()
    finally:
        try:
            rec.stop()
        except OSError as e:
            entry["reason"] = f"JFR.stop: {e}"
    entry["jfr"] = [n for n in names if os.path.exists(os.path.join(out, n))]
    if not entry["jfr"]:
        entry["reason"] = entry.get("reason") or "JFR wrote no file"
        return entry
    try:
        texts = [jfr_print(os.path.join(out, n), jvms[0]) for n in entry["jfr"]]
        summary, files = write_outputs(out, base, title, texts)
    except (OSError, subprocess.TimeoutExpired) as e:
        entry["reason"] = f"reading the recording: {e}"
        return entry
    entry.update(files, samples=summary["samples"],
                 packages=[{"package": p, "samples": n, "share": round(share, 4)} for p, n, share in summary["packages"]])
    return entry
