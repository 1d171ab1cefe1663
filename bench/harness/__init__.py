"""The benchmark harness behind bench/run: starts the servers of the comparison, measures
them with siege and wrk on 127.0.0.1, and writes the JSON results, the Markdown report and
the charts. Python 3 standard library only (Debian's /usr/bin/python3)."""
