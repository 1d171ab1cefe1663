"""Warm-up until steady, by one rule for every server, JVM or not: loads of the row's own
workload, not counted, one after another until two successive ones agree on req/s within a
tolerance and at least a minimum of load has run, or until the next one would pass a cap. The
minimum is there because a JIT's warm-up can be slow enough for two short loads to agree
while it is still going on: run 20261202-013329 found Tomcat steady after 10 s of reads at
2,475 req/s, and the same server reached about 3,400 after a minute or two more. How long that took is part of the
results: a JIT compiler's warm-up is a cost the reader should see, not one to hide."""

TOLERANCE = 0.05


def steady(previous, current, tolerance=TOLERANCE):
    """Two successive loads agree: req/s differ by less than tolerance of the earlier one
    (a server that served nothing is not steady, it is failing)."""
    return previous > 0 and abs(current - previous) < tolerance * previous


def until_steady(run_load, load_seconds, cap_seconds, tolerance=TOLERANCE, min_seconds=0):
    """Calls run_load(load_seconds), which returns req/s, until two successive results are
    steady after at least min_seconds of load, or another load would pass cap_seconds.
    {seconds: of load run, loads, steady, rps: each load's req/s}; with a cap shorter than two
    loads, steady is never reached."""
    rates = []
    is_steady = False
    while not is_steady and (len(rates) + 1) * load_seconds <= cap_seconds:
        rates.append(run_load(load_seconds))
        is_steady = (len(rates) >= 2 and len(rates) * load_seconds >= min_seconds
                     and steady(rates[-2], rates[-1], tolerance))
    return {"seconds": len(rates) * load_seconds, "loads": len(rates), "steady": is_steady,
            "rps": [round(r, 1) for r in rates]}
