-- wrk's results as one JSON line (wrk -s), for bench/harness/load.py to read instead of
-- wrk's text. Every wrk run of the harness uses it: as the script of a plain GET, or loaded
-- by a request script (bench/lua/users-*.lua) with the line at the end of each.
-- Durations and latencies in microseconds; errors.status counts the answers above 399
-- (wrk's "Non-2xx or 3xx responses"), errors.timeout the answers later than --timeout.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"wrk":"summary","requests":%.0f,"durationUs":%.0f,"bytes":%.0f,'
      .. '"errors":{"connect":%.0f,"read":%.0f,"write":%.0f,"timeout":%.0f,"status":%.0f},'
      .. '"latencyUs":{"p50":%.0f,"p99":%.0f,"max":%.0f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max))
end
