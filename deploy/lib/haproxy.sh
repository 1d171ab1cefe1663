# HAProxy in front of the Galera nodes, on the proxy host, for deploy/host (sourced after
# lib/tomcat.sh). Its configuration is deploy/haproxy/galera.cfg, rendered into DIR/haproxy
# with the check's wrapper and client file (the check account's password, 0600).

haproxy_pid() { pid_in "$dir/haproxy/haproxy.pid"; }

haproxy_up() {  # LISTEN NAME=ADDRESS:PORT...
  local listen=$1 out=$dir/haproxy servers="" first=yes spec name pid
  shift
  webstack_cluster_defaults
  command -v haproxy >/dev/null 2>&1 || die "haproxy not found (apt-get install haproxy)"
  command -v mariadb >/dev/null 2>&1 || die "the mariadb client not found (apt-get install mariadb-client): the check uses it"
  [ -s "$dir/secrets/db-check-password" ] || die "no $dir/secrets/db-check-password: deploy/hosts copies it"
  mkdir -p "$out"
  for spec in "$@"; do
    [[ "$spec" =~ ^([a-z][a-z0-9-]*)=([0-9.]+:[0-9]+)$ ]] || die "haproxy-up: NAME=ADDRESS:PORT expected, got '$spec'"
    name=${BASH_REMATCH[1]}
    servers+="    server $name ${BASH_REMATCH[2]} check$([ $first = yes ] || echo ' backup')"$'\n'
    first=no
  done
  (umask 077 && printf '[client]\nuser=%s\npassword=%s\n' "$CLUSTER_DB_CHECK_USER" "$(cat "$dir/secrets/db-check-password")" \
    > "$out/check.cnf")
  printf '#!/bin/sh\nexec %q %q "$@"\n' "$project/deploy/haproxy/galera-check" "$out/check.cnf" > "$out/check"
  chmod 700 "$out/check"
  template_text deploy/haproxy/galera.cfg DIR "$out" LISTEN "$listen" SERVERS "${servers%$'\n'}" > "$out/haproxy.cfg.new"
  haproxy -c -q -f "$out/haproxy.cfg.new" || die "the rendered HAProxy configuration is refused ($out/haproxy.cfg.new)"
  pid=$(haproxy_pid)
  if alive "$pid"; then
    cmp -s "$out/haproxy.cfg.new" "$out/haproxy.cfg" && { rm -f "$out/haproxy.cfg.new"; return 0; }
    stop_pid "$pid" HAProxy TERM 15
  fi
  mv "$out/haproxy.cfg.new" "$out/haproxy.cfg"
  # In the foreground of its own session, its log (stderr) in a file.
  setsid haproxy -db -f "$out/haproxy.cfg" </dev/null >>"$out/haproxy.log" 2>&1 &
  echo $! > "$out/haproxy.pid"
  # Up when a first node passes its check (rise: 2 checks a second apart).
  for _ in $(seq 1 40); do
    alive "$(haproxy_pid)" || { tail -n 20 "$out/haproxy.log" >&2; die "HAProxy did not start"; }
    [ -n "$(haproxy_writer)" ] && return 0
    sleep 0.25
  done
  die "HAProxy finds no node Synced and Primary (log: $out/haproxy.log)"
}

# The node new connections go to: the one in the stick table, else the first that is up.
haproxy_writer() {
  local sock=$dir/haproxy/haproxy.sock stuck
  [ -S "$sock" ] || return 0
  stuck=$(echo "show table galera" | socat stdio "unix-connect:$sock" 2>/dev/null | sed -n 's/.*server_id=\([0-9]*\).*/\1/p' | head -n 1)
  echo "show servers state galera" | socat stdio "unix-connect:$sock" 2>/dev/null \
    | awk -v id="$stuck" '$1 ~ /^[0-9]+$/ && $6 == 2 { if ($3 == id) { print $4; found = 1; exit } if (first == "") first = $4 }
                          END { if (!found && first != "") print first }'
}

haproxy_status() {
  local pid; pid=$(haproxy_pid)
  if alive "$pid"; then echo "pid $pid writer $(haproxy_writer)"; else echo down; fi
}
