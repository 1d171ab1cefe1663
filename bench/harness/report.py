"""The results as the reader sees them: the goals of the Java rows checked against this
run, a Markdown report with the 2011 page's tables, and one PNG bar chart per table."""
import os
import shutil
import statistics
import subprocess


def _row(table, rid):
    return next((r for r in table["rows"] if r["id"] == rid and r["status"] == "ok"), None)


def _median(row, key):
    return row[key]["median"] if row and row.get(key) else None


def goals(results):
    """Each target of the issue, evaluated on this run's numbers (a missing row is missed)."""
    tables = {t["id"]: t for t in results["tables"]}
    procs = results["settings"]["jsonProcs"]
    base = results["settings"]["siege"]["concurrency"]
    out = []

    def goal(text, value, met, shown):
        out.append({"text": text, "value": shown if value is not None else "not measured in this run",
                    "met": bool(value is not None and met)})

    def at_least(text, value, limit, unit_format):
        goal(text, value, value is not None and value >= limit, None if value is None else unit_format.format(value))

    def at_most(text, value, limit, unit_format):
        goal(text, value, value is not None and value <= limit, None if value is None else unit_format.format(value))

    def row(table_id, row_id):
        table = tables.get(table_id)
        return _row(table, row_id) if table else None

    def ratio(table_id, row_id, ref_id):
        a, b = _median(row(table_id, row_id), "wrkRps"), _median(row(table_id, ref_id), "wrkRps")
        return a / b if a and b else None

    hello = f"hello-procs-{procs}"
    at_least(f"/Hello/100, Tomcat direct: at least 1.3× Go net/http req/s (wrk, {procs} procs)",
             ratio(hello, "tomcat", "go"), 1.3, "{:.2f}×")
    at_most("/Hello/100, Tomcat direct: p99 at most 15 ms", _median(row(hello, "tomcat"), "p99Ms"), 15, "{:.1f} ms")
    at_least("/json, Tomcat direct: at least 1.1× Go net/http req/s (200 connections)",
             ratio("json-c200", "tomcat", "go"), 1.1, "{:.2f}×")
    at_most("/json, Tomcat direct: p99 at most 10 ms", _median(row("json-c200", "tomcat"), "p99Ms"), 10, "{:.1f} ms")
    for mode, name in (("tcp", "TCP"), ("unix", "Unix sockets")):
        at_least(f"/Hello/100, nginx → 2 Tomcat ({name}): at least 1.1× the same nginx → Go",
                 ratio("hello-procs-2", f"tomcat-nginx-{mode}", "go-nginx"), 1.1, "{:.2f}×")

    def rss_peak(ids, pages_only):
        peaks = [r["rssMaxProcessMiB"]["max"] for t in results["tables"] for r in t["rows"]
                 if t["connections"] == base and r["status"] == "ok" and r.get("rssMaxProcessMiB")
                 and r["id"] in ids and (not pages_only or not t["id"].startswith("users"))]
        return max(peaks) if peaks else None

    at_most(f"Tomcat RSS per instance behind nginx, {base} connections: at most 160 MB (largest JVM)",
            rss_peak({"tomcat-nginx-tcp", "tomcat-nginx-unix"}, True), 160, "{:.0f} MiB")
    at_most(f"The same in every Java row at {base} connections, the database rows included",
            rss_peak({"tomcat", "tomcat-raw", "tomcat-nginx-tcp", "tomcat-nginx-unix"}, False), 160, "{:.0f} MiB")

    # POST /users is bound by bcrypt: at full load every server refuses or times out some of
    # it (the Java service answers 503 once a hash waits too long), as does any load of the
    # user API at many connections. Those rows are measured, not held to this goal.
    java = [(t, r) for t in results["tables"] for r in t["rows"] if r["group"] == "Java"
            and not (t["id"].startswith("users-create") or t["id"].startswith("users-mix")
                     or (t["id"].startswith("users") and t["connections"] > base))]
    bad = [f"{r['label']} in {t['title']}" for t, r in java
           if r["status"] != "ok" or (r.get("errors") or 0) + (r.get("siegeFailed") or 0) > 0]
    goal(f"Zero failed transactions in every Java row (POST /users, the mix and the user API above {base} "
         "connections excepted)", 0 if java else None, not bad, "none failed" if not bad else "failed: " + "; ".join(bad))
    return out


# Issue 13's targets, as data: each compares one figure of a Java row in one table, either as a
# ratio to a reference row of the same table (ratios of medians; the min-max is over the rounds'
# own ratios, the rounds being interleaved) or as a value; "table" may name the procs count
# ("{procs}": the run's jsonProcs, the cores). "rss" and "errors" look at every Java row of the
# tables that "tables" selects.
MB_PER_MIB = 1.048576
TARGETS = [
    {"id": "users-read-rps", "text": "GET /users/{id} with a token, Tomcat direct: at least 1.2× Gin's req/s",
     "kind": "ratio", "table": "users-read", "row": "tomcat", "reference": "gin-users", "figure": "wrkRps",
     "op": ">=", "limit": 1.2},
    {"id": "users-read-p99", "text": "GET /users/{id} with a token, Tomcat direct: p99 at most Gin's",
     "kind": "ratio", "table": "users-read", "row": "tomcat", "reference": "gin-users", "figure": "p99Ms",
     "op": "<=", "limit": 1.0},
    {"id": "users-list-rps", "text": "GET /users?limit=10, Tomcat direct: at least 1.2× Gin's req/s",
     "kind": "ratio", "table": "users-list", "row": "tomcat", "reference": "gin-users", "figure": "wrkRps",
     "op": ">=", "limit": 1.2},
    {"id": "hello-vs-go", "text": "/Hello/100 through FreeMarker, Tomcat direct: at least 1.3× Go net/http req/s",
     "kind": "ratio", "table": "hello-procs-{procs}", "row": "tomcat", "reference": "go", "figure": "wrkRps",
     "op": ">=", "limit": 1.3},
    {"id": "hello-vs-raw", "text": "/Hello/100 through FreeMarker: at least 0.85× the plain servlet's req/s",
     "kind": "ratio", "table": "hello-procs-{procs}", "row": "tomcat", "reference": "tomcat-raw", "figure": "wrkRps",
     "op": ">=", "limit": 0.85},
    {"id": "json-vs-go", "text": "/json, Tomcat direct: at least 1.2× Go net/http req/s (200 connections)",
     "kind": "ratio", "table": "json-c200", "row": "tomcat", "reference": "go", "figure": "wrkRps",
     "op": ">=", "limit": 1.2},
    {"id": "cluster-vs-go-nginx", "text": "/Hello/100, nginx → 2 Tomcat (TCP): at least 1.1× nginx → 2 Go req/s",
     "kind": "ratio", "table": "hello-procs-2", "row": "tomcat-nginx-tcp", "reference": "go-nginx",
     "figure": "wrkRps", "op": ">=", "limit": 1.1},
    {"id": "cluster-p99", "text": "/Hello/100, nginx → 2 Tomcat (TCP): p99 below 30 ms",
     "kind": "value", "table": "hello-procs-2", "row": "tomcat-nginx-tcp", "figure": "p99Ms", "op": "<",
     "limit": 30, "unit": "ms"},
    {"id": "rss", "text": "RSS per Tomcat under load (the largest JVM of any Java row, 200 connections): at most 160 MB",
     "kind": "rss", "tables": "base", "op": "<=", "limit": 160, "unit": "MB"},
    {"id": "high-connections-errors",
     "text": "10,000 connections: no errors in any Java row (/json, user API read and list; create and the mix "
             "shed registrations with 503 by design)",
     "kind": "errors", "tables": ["json-c{high}", "users-read-c{high}", "users-list-c{high}"], "op": "<=",
     "limit": 0, "unit": "errors"},
    {"id": "high-connections-up",
     "text": "10,000 connections: every Java server still up after every table, the registration flood and the mix "
             "included (a failed row: a process of its server exited)",
     "kind": "up", "tables": ["json-c{high}", "users-read-c{high}", "users-list-c{high}", "users-create-c{high}",
                              "users-mix-c{high}"], "op": "<=", "limit": 0, "unit": "failed rows"},
]
_SHOWN_OPS = {">=": "≥", "<=": "≤", "<": "<", ">": ">"}
_OPS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, "<": lambda a, b: a < b, ">": lambda a, b: a > b}


def _figure_stats(values, digits):
    if not values:
        return None
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits)}


def targets(results):
    """Issue 13's targets (TARGETS) on this run's tables: each with its measured value (median,
    min-max over the rounds where there are several), its limit and met / missed / not measured.
    Met or missed is decided on the median."""
    s = results["settings"]
    tables = {t["id"]: t for t in results["tables"]}
    base = s["siege"]["concurrency"]
    fill = {"procs": s["jsonProcs"], "high": s.get("highConnections") or 0}
    out = []
    for spec in TARGETS:
        entry = {"id": spec["id"], "text": spec["text"], "table": None, "row": spec.get("row"),
                 "reference": spec.get("reference"), "figure": spec.get("figure"),
                 "target": f"{_SHOWN_OPS[spec['op']]} {spec['limit']}" + ("×" if spec["kind"] == "ratio" else f" {spec['unit']}"),
                 "unit": "×" if spec["kind"] == "ratio" else spec["unit"], "measured": None,
                 "status": "not measured", "detail": None}
        if spec["kind"] in ("ratio", "value"):
            tid = spec["table"].format(**fill)
            entry["table"] = tid
            table = tables.get(tid)
            row = _row(table, spec["row"]) if table else None
            if spec["kind"] == "ratio":
                ref = _row(table, spec["reference"]) if table else None
                a, b = row and row.get(spec["figure"]), ref and ref.get(spec["figure"])
                if a and b and b["median"]:
                    pairs = [x / y for x, y in zip(a["values"], b["values"]) if y] \
                        if len(a["values"]) == len(b["values"]) else []
                    entry["measured"] = {"median": round(a["median"] / b["median"], 3),
                                         "min": round(min(pairs), 3) if pairs else None,
                                         "max": round(max(pairs), 3) if pairs else None}
                    entry["detail"] = f"{_num(a['median'], 1)} / {_num(b['median'], 1)}"
            elif row and row.get(spec["figure"]):
                entry["measured"] = _figure_stats(row[spec["figure"]]["values"], 2)
        elif spec["kind"] == "rss":
            worst = None
            for t in results["tables"]:
                if t["connections"] != base:
                    continue
                for r in t["rows"]:
                    st = r.get("rssMaxProcessMiB") if r["group"] == "Java" and r["status"] == "ok" else None
                    if st and (worst is None or st["max"] > worst[2]["max"]):
                        worst = (t, r, st)
            if worst:
                t, r, st = worst
                entry["table"], entry["row"] = t["id"], r["id"]
                entry["measured"] = _figure_stats([v * MB_PER_MIB for v in st["values"]], 1)
                entry["detail"] = f"{r['label']} in {t['title']} (the largest process's peak, MiB × 1.048576)"
        elif spec["kind"] == "errors":
            ids = [x.format(**fill) for x in spec["tables"]]
            rows = [(t, r) for t in results["tables"] if t["id"] in ids for r in t["rows"] if r["group"] == "Java"]
            if rows:
                bad = [(t, r) for t, r in rows if r["status"] != "ok" or (r.get("errors") or 0)
                       or (r.get("siegeFailed") or 0)]
                total = sum((r.get("errors") or 0) + (r.get("siegeFailed") or 0) for _, r in rows)
                entry["measured"] = {"median": total, "min": None, "max": None}
                entry["detail"] = "none" if not bad else "; ".join(
                    f"{r['label']} in {t['title']}: " + (r["status"] if r["status"] != "ok" else
                                                         f"{_num((r.get('errors') or 0) + (r.get('siegeFailed') or 0))}")
                    for t, r in bad)
                entry["status"] = "met" if not bad else "missed"
                out.append(entry)
                continue
        elif spec["kind"] == "up":
            ids = [x.format(**fill) for x in spec["tables"]]
            rows = [(t, r) for t in results["tables"] if t["id"] in ids for r in t["rows"] if r["group"] == "Java"]
            if rows:
                bad = [(t, r) for t, r in rows if r["status"] != "ok"]
                entry["measured"] = {"median": len(bad), "min": None, "max": None}
                entry["detail"] = f"all {len(rows)} up" if not bad else "; ".join(
                    f"{r['label']} in {t['title']}: {r.get('reason') or r['status']}" for t, r in bad)
        if entry["measured"] is not None:
            entry["status"] = "met" if _OPS[spec["op"]](entry["measured"]["median"], spec["limit"]) else "missed"
        out.append(entry)
    return out


def targets_lines(results):
    """The report's table of issue 13's targets (computed again for a run made before them)."""
    found = results.get("targets") or targets(results)
    if not found:
        return []
    lines = ["## Targets (issue 13)", "",
             "Each target on this run's medians (min–max: over the rounds, a ratio's per round); "
             "**missed** also when it is measured but short, *not measured* when this run has no such table or row.",
             "", "| Target | Measured | Limit | Table | |", "|---|---|---|---|---|"]
    for g in found:
        m = g["measured"]
        if m is None:
            shown = "–"
        else:
            digits = 2 if g["unit"] == "×" else (0 if g["unit"] == "errors" else 1)
            unit = "×" if g["unit"] == "×" else f" {g['unit']}"
            shown = _num(m["median"], digits) + unit
            if m.get("min") is not None and m.get("max") is not None and m["min"] != m["max"]:
                shown += f" ({_num(m['min'], digits)}–{_num(m['max'], digits)})"
            if g.get("detail"):
                shown += f"; {g['detail']}"
        status = {"met": "met", "missed": "**missed**"}.get(g["status"], "*not measured*")
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in
                                       [g["text"], shown, g["target"], g.get("table") or "–", status]) + " |")
    return lines + [""]


def profiles_lines(results):
    """The report's list of the JFR profiles of this run (bench/run --profile)."""
    found = results.get("profiles")
    if not found:
        return []
    lines = ["## Profiles (JFR, `--profile`)", "",
             "A JFR recording (`settings=profile`) of each profiled Java row during an extra load after the table's "
             "measured rounds, as long as one of them and not counted; the files are beside this report. Shares: "
             "self time by top-level package.", ""]
    for p in found:
        files = ", ".join(f"`{f}`" for f in p["jfr"] + [p[k] for k in ("summary", "collapsed", "flamegraph") if p.get(k)])
        head = f"- {p['row']} in {p['table']}: "
        if p.get("reason"):
            lines.append(head + f"**not profiled**: {p['reason']}" + (f" ({files})" if files else ""))
            continue
        shares = ", ".join(f"{x['package']} {x['share']:.0%}" for x in (p.get("packages") or [])[:8])
        lines.append(head + f"{_num(p['samples'])} samples; {shares}. Files: {files}")
    return lines + [""]


# The 2025 article's figures (CONTEXT.md §2: "10,000 concurrent connections, simple JSON
# response"), reported there, not measured here: req/s, p99 ms, memory MB.
ARTICLE = {"gin-users": ("Go Gin", 110_000, 4, 35), "fastapi-users": ("FastAPI (uvicorn)", 45_000, 15, 150)}


def article_figures(tables):
    """The article's reported figures for the rows of this run that it has figures for, so that
    the results file carries them beside the measured ones (the /bench page reads them there)."""
    ids = {r["id"] for t in tables if t["id"].startswith("users-") for r in t["rows"]}
    return [{"row": rid, "label": label, "rps": rps, "p99Ms": p99, "memoryMB": mem,
             "source": "the 2025 article: 10,000 concurrent connections, simple JSON response, its own machine"}
            for rid, (label, rps, p99, mem) in ARTICLE.items() if rid in ids]


# Java row / peer row, per workload: direct against direct, behind nginx against behind nginx.
RATIOS = [("tomcat", "gin-users", "Tomcat / Gin"), ("tomcat", "fastapi-users", "Tomcat / FastAPI"),
          ("tomcat-nginx-tcp", "gin-users-nginx", "nginx→Tomcat / nginx→Gin"),
          ("tomcat-nginx-tcp", "fastapi-users-nginx", "nginx→Tomcat / nginx→FastAPI")]


def user_api(results):
    """The article's table for this machine beside its reported figures, and the ratios of
    the Java rows to Gin's and FastAPI's per workload (medians: req/s, and p99)."""
    users = [t for t in results["tables"] if t["id"].startswith("users-")]
    if not users:
        return []
    s = results["settings"]
    reads = [t for t in users if t["id"].startswith("users-read")]
    read = max(reads, key=lambda t: t["connections"]) if reads else users[0]
    lines = [f"## The article's user API on this machine: {read['title']}", "",
             f"Every server on a fresh MariaDB database with the same {_num(s.get('seedUsers'))} users, bcrypt cost "
             f"{_num(s.get('bcryptCost'))}, its answers to a read, a list and a create compared with the Java "
             "service's before it is measured; tokens from its own `POST /token`. The article's figures are its "
             "own (\"10,000 concurrent connections, simple JSON response\", another machine), not measured here.", "",
             "| Server | req/s | p99 ms | RSS MiB | CPU s / 1k req | Article: req/s | p99 ms | memory MB |",
             "|---|---|---|---|---|---|---|---|"]
    for r in read["rows"]:
        name, a_rps, a_p99, a_mem = ARTICLE.get(r["id"], (None, None, None, None))
        if r["status"] == "ok":
            cells = [_num(_median(r, "wrkRps")), _num(_median(r, "p99Ms"), 1), _num(_median(r, "rssMiB")),
                     _num(_median(r, "cpuSecondsPer1k"), 3)]
        else:
            cells = [r["status"], "–", "–", "–"]
        lines.append("| " + " | ".join([r["label"]] + cells + [_num(a_rps), _num(a_p99), _num(a_mem)]) + " |")
    lines += ["", "### Java / Gin and Java / FastAPI, per workload", "",
              "Ratios of medians in the same table: req/s (above 1: Java serves more) and p99 (below 1: Java "
              "answers sooner). – where a row was not measured.", "",
              "| Workload | " + " | ".join(f"{label} req/s | p99" for _, _, label in RATIOS) + " |",
              "|---|" + "---|---|" * len(RATIOS)]
    for t in users:
        cells = [t["title"]]
        for java, peer, _ in RATIOS:
            a, b = _row(t, java), _row(t, peer)
            for key in ("wrkRps", "p99Ms"):
                x, y = _median(a, key), _median(b, key)
                cells.append(_num(x / y, 2) if x and y else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


# The cost of safety (issue 16): the same Tomcat on a Galera cluster / on the single MariaDB.
GALERA_ROW, SINGLE_ROW = "tomcat-galera", "tomcat"


def _paired_ratio(a, b):
    """{median: ratio of the medians, min, max: of the rounds' own ratios} of two stats measured
    in the same interleaved rounds; None without both."""
    if not a or not b or not b["median"]:
        return None
    pairs = [x / y for x, y in zip(a["values"], b["values"]) if y] if len(a["values"]) == len(b["values"]) else []
    return {"median": round(a["median"] / b["median"], 3), "min": round(min(pairs), 3) if pairs else None,
            "max": round(max(pairs), 3) if pairs else None}


def galera_costs(results):
    """Per user API table with both rows: the Galera row's figures over the single MariaDB
    row's (req/s, p50, p99), as ratios of medians with the min-max of the rounds' ratios."""
    out = []
    for t in results["tables"]:
        if not t["id"].startswith("users-"):
            continue
        g, s = _row(t, GALERA_ROW), _row(t, SINGLE_ROW)
        if not g or not s:
            continue
        out.append({"table": t["id"], "title": t["title"], "single": s, "galera": g,
                    "ratios": {k: _paired_ratio(g.get(k), s.get(k)) for k in ("wrkRps", "p50Ms", "p99Ms")}})
    return out


def galera_lines(results):
    """The report's "cost of safety" table: Tomcat direct on Galera beside it on one MariaDB."""
    tables = [t for t in results["tables"] if t["id"].startswith("users-")]
    rows = [r for t in tables for r in t["rows"] if r["id"] == GALERA_ROW]
    if not rows:
        return []
    lines = ["## Cost of safety: Tomcat direct on a three-node Galera cluster / on one MariaDB", "",
             "The same WAR and settings, measured in the same interleaved rounds: one on the machine's MariaDB, "
             "one on three MariaDB Galera nodes on this machine, its JDBC URL naming the writer node (no HAProxy "
             "between). Every commit there is certified by the three nodes before it returns. Ratios: Galera / "
             "single, of the medians (min–max: the rounds' own ratios); req/s below 1 and latency above 1: "
             "the cost. The nodes run on the servers' cores too.", ""]
    costs = galera_costs(results)
    if costs:
        lines += ["| Workload | req/s, single | req/s, Galera | req/s ratio | p50 ms, single / Galera | p50 ratio | "
                  "p99 ms, single / Galera | p99 ratio |", "|---|---|---|---|---|---|---|---|"]
        for c in costs:
            s, g, r = c["single"], c["galera"], c["ratios"]
            lines.append("| " + " | ".join([
                c["title"], _cell(s["wrkRps"]), _cell(g["wrkRps"]), _ratio_cell(r["wrkRps"]),
                f"{_num(_median(s, 'p50Ms'), 1)} / {_num(_median(g, 'p50Ms'), 1)}", _ratio_cell(r["p50Ms"]),
                f"{_num(_median(s, 'p99Ms'), 1)} / {_num(_median(g, 'p99Ms'), 1)}", _ratio_cell(r["p99Ms"])]) + " |")
        lines.append("")
    for t in tables:
        r = next((x for x in t["rows"] if x["id"] == GALERA_ROW), None)
        if r and r["status"] != "ok":
            lines.append(f"- {t['title']}: the Galera row is **{r['status']}**: {r.get('reason', '')}")
    return lines + [""]


def _ratio_cell(r):
    if not r:
        return "–"
    shown = _num(r["median"], 2)
    if r.get("min") is not None and r.get("max") is not None and r["min"] != r["max"]:
        shown += f" ({_num(r['min'], 2)}–{_num(r['max'], 2)})"
    return shown


def _num(x, digits=0):
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def _cell(stats, digits=0):
    if not stats:
        return "–"
    if len(stats["values"]) == 1:
        return _num(stats["median"], digits)
    return f"{_num(stats['median'], digits)} ({_num(stats['min'], digits)}–{_num(stats['max'], digits)})"


def markdown(results, chart_dir_name):
    m = results["machine"]
    s = results["settings"]
    lines = [f"# Benchmark results {results['id']}", "",
             f"`{results['command']}` ({results['mode']} mode), {results['started']} to {results['finished']}.", "",
             f"Machine: {m['cores']} cores, {m['cpu']}, {m['memoryMiB']:,} MiB, {m['os']}, {m['kernel']}. "
             + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".", "",
             placement_line(s), "", warmup_line(s), "",
             f"Note: {m['note']}. Every figure is a median over {s['rounds']} interleaved round(s), "
             f"min–max in brackets" + (f"; a row whose req/s spread (max − min) by more than {s['noisySpread']:.0%} "
                                       "of its median is marked **noisy**" if s.get("noisySpread") else "")
             + f"; warm-up not counted. siege: `siege -c {s['siege']['concurrency']} -r N`, "
             f"N chosen for about {s['siege']['seconds']} s per run (the 2011 test ran `-t 20s`; Debian's siege "
             "4.0.7 hangs at the end of timed runs, JoeDog/siege#66), a new connection per transaction as siege "
             f"does by default. wrk: `wrk -t{s['wrk']['threads']} -c{s['wrk']['connections']} -d{s['wrk']['seconds']}s` "
             "with keep-alive and a 5 s timeout; its req/s counts the answers that were served work: a non-2xx "
             "answer (a 503 that sheds load) or one after the timeout is an error, not a request served"
             + (f"; the bcrypt-bound user API workloads run {s['bcryptRowSeconds']} s each" if s.get("bcryptRowSeconds")
                else "") + ". RSS: peak resident memory of all the server's processes during the wrk run. "
             "× Go: ratio of medians to Go net/http in the same table.", "",
             ]
    lines += targets_lines(results)
    # The goals an earlier issue set (the /bench page shows them): the targets above supersede them.
    lines += ["", "## Earlier goals of the Java rows (before issue 13's targets)", "",
              "| Goal | This run | |", "|---|---|---|"]
    for g in results["goals"]:
        lines.append(f"| {g['text']} | {g['value']} | {'met' if g['met'] else '**missed**'} |")
    lines += [""] + profiles_lines(results)
    lines += [""] + summary(results)
    lines += [""] + user_api(results)
    lines += [""] + galera_lines(results)
    lines += [""] + not_steady(results)
    titles = {t["id"]: t["title"] for t in results["tables"]}
    for t in results["tables"]:
        siege = "siege" in t["tools"]
        lines += ["", f"## {t['title']}", ""]
        if t["chart"]:
            lines += [f"![{t['title']}]({chart_dir_name}/{t['chart']})", ""]
        users = t["id"].startswith("users")
        head = ["Framework"] + (["Transaction rate (siege)"] if siege else []) + \
               ["wrk req/s", "p50 ms", "p99 ms", "RSS MiB", "CPU s / 1k req"] + (["Errors"] if users else []) + \
               (["× Go (siege)"] if siege else []) + ([] if users else ["× Go (wrk)"]) + ["Warm-up", "Notes"]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in t["rows"]:
            if r["status"] != "ok":
                cells = [r["label"]] + ["–"] * (len(head) - 2) + [f"**{r['status']}**: {r.get('reason', '')}"]
            else:
                ratio = r.get("ratioToGo") or {}
                fails = (r.get("errors") or 0) + (r.get("siegeFailed") or 0)
                note = (r.get("note") or "") + (f"; **{fails} failed**" if fails else "")
                if r.get("wrkRps") and r["wrkRps"]["min"] == 0:
                    note += "; **a round got no answer** within the run"
                if r.get("noisy"):
                    note += f"; **noisy**: req/s spread {_spread(r['wrkRps']):.0%} of the median"
                if r.get("reason"):
                    note += f"; {r['reason']}"
                cells = [r["label"]] + ([_cell(r["siegeTps"])] if siege else []) + \
                        [_cell(r["wrkRps"]), _cell(r["p50Ms"], 1), _cell(r["p99Ms"], 1), _cell(r["rssMiB"]),
                         _cell(r.get("cpuSecondsPer1k"), 3)] + \
                        ([_num(r.get("errors"))] if users else []) + \
                        ([_num(ratio.get("siege"), 2)] if siege else []) + ([] if users else [_num(ratio.get("wrk"), 2)]) + \
                        [warmup_cell(r.get("warmup"), t["id"], titles), note]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", "## Cannot run here", ""]
    lines += [f"- {u['label']}: {u['reason']}" for u in results["unavailable"]]
    return "\n".join(lines) + "\n"


def placement_line(s):
    p = s.get("placement")
    if not p:
        return "Placement: not recorded (a run made before issue 13: every process on every core)."
    if p["mode"] == "shared":
        return "Placement: shared: the servers and the load generators on every core, as the scheduler likes."
    return (f"Placement: split (taskset): every server's processes, the nginx in front of it and, for the user API "
            f"rows, MariaDB's server on cpu {_cpus(p['serverCores'])}; siege and wrk on cpu {_cpus(p['loadGeneratorCores'])}. "
            "The same for every server.")


def warmup_line(s):
    if "warmupTolerance" not in s:
        return f"Warm-up: a fixed {s['warmupSeconds']} s per server (longer for a JVM), before this harness warmed up until steady."
    if not s["warmupSeconds"]:
        return "Warm-up: none."
    per = "server and workload" if s.get("warmupPerWorkload") else "server (on its first table: quick mode)"
    return (f"Warm-up, not counted, the same rule for every server: wrk loads of the row's own workload, each as "
            f"long as its measurement, until two successive ones agree within {s['warmupTolerance']:.0%} on req/s"
            + (f" after at least {s['warmupMinSeconds']} s of load" if s.get("warmupMinSeconds") else "")
            + f", at most {s['warmupSeconds']} s per {per}. The Warm-up column gives the seconds of load it took, "
            "**not steady** when the cap came first: a JIT compiler's warm-up is a cost of its own.")


def warmup_cell(w, table_id, titles):
    if not w:
        return "–"
    cell = f"{w['seconds']} s" + ("" if w["steady"] else ", **not steady**")
    if w["table"] != table_id:
        cell += f" (in {titles.get(w['table'], w['table'])})"
    return cell


def not_steady(results):
    """The rows whose warm-up reached the cap before two loads agreed, with their req/s per load."""
    seen, lines = set(), []
    for t in results["tables"]:
        for r in t["rows"]:
            w = r.get("warmup")
            if w and not w["steady"] and (r["id"], w["table"]) not in seen:
                seen.add((r["id"], w["table"]))
                lines.append(f"- {r['label']}, {t['title']}: {w['seconds']} s, req/s per load "
                             + ", ".join(_num(x) for x in w["rps"]))
    if not lines:
        return []
    return ["## Not steady within the warm-up's cap", "",
            "Measured anyway; their first rounds may still include warm-up:", ""] + lines + [""]


def _cpus(cores):
    return ",".join(str(c) for c in cores)


def _spread(stats):
    return (stats["max"] - stats["min"]) / stats["median"] if stats["median"] else float("inf")


def summary(results):
    """The 2011 page's table: one row per framework, siege's transaction rate per procs
    count, then wrk's req/s per procs count (medians)."""
    hello = [t for t in results["tables"] if t["id"].startswith("hello-procs-")]
    if not hello:
        return []
    labels = []
    for t in hello:
        labels += [r["label"] for r in t["rows"] if r["label"] not in labels]
    procs = [f"{t['procs']} proc{'s' if t['procs'] > 1 else ''}" for t in hello]
    head = ["Framework"] + [f"siege, {p}" for p in procs] + [f"wrk, {p}" for p in procs]
    lines = [f"## {hello[0]['path']}: transaction rate (siege) and req/s (wrk) by procs", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label in labels:
        cells = [label]
        for key in ("siegeTps", "wrkRps"):
            for t in hello:
                row = next((r for r in t["rows"] if r["label"] == label), None)
                cells.append(_num(_median(row, key)) if row and row["status"] == "ok" else
                             (row["status"] if row else "–"))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def charts(results, out_dir, log):
    """One PNG per table with gnuplot (clustered bars: siege and wrk); a table left without one
    gets chart null in the results. Returns False without gnuplot."""
    if not shutil.which("gnuplot"):
        for t in results["tables"]:
            if t["chart"] and not os.path.exists(os.path.join(out_dir, t["chart"])):
                t["chart"] = None
        return False
    os.makedirs(out_dir, exist_ok=True)
    for t in results["tables"]:
        rows = [r for r in t["rows"] if r["status"] == "ok"]
        if not rows:
            t["chart"] = None
            continue
        data = os.path.join(out_dir, t["id"] + ".dat")
        with open(data, "w") as f:
            for r in rows:
                label = r["label"].replace('"', "'")
                f.write(f'"{label}" {_median(r, "siegeTps") or 0} {_median(r, "wrkRps") or 0}\n')
        series = ("using 2:xtic(1) title 'siege transactions/s' lc rgb '#c0504d', "
                  "'' using 3 title 'wrk requests/s' lc rgb '#4f81bd'") if "siege" in t["tools"] \
            else "using 3:xtic(1) title 'wrk requests/s' lc rgb '#4f81bd'"
        script = f"""
set terminal pngcairo size 1100,560 font "DejaVu Sans,10"
set output '{os.path.join(out_dir, t["chart"])}'
set title "{t['title'].replace('"', "'")} ({results['id']}, {results['machine']['cores']} cores)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -35 left nomirror
set ytics nomirror
set grid ytics
set yrange [0:*]
set key top right
set ylabel "per second (median)"
set bmargin 9
set rmargin 12
plot '{data}' {series}
"""
        done = subprocess.run(["gnuplot"], input=script.encode(), capture_output=True, timeout=60)
        with open(log, "a") as f:
            f.write(done.stderr.decode("utf-8", "replace"))
        os.remove(data)
        if done.returncode != 0:
            t["chart"] = None
    return True
