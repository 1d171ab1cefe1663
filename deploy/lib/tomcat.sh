# shellcheck shell=bash
# The one way webstack's scripts start Tomcat, and the nginx in front of it: sourced by
# deploy/run, deploy/cluster, deploy/nginx-render, deploy/hosts and deploy/host (bench/run
# starts its Java rows and the nginx of its "nginx -> Go" row through the first three). Every default and check of a setting is in
# deploy/tomcat/defaults.sh, which this sources; a script runs its webstack_*_defaults, checks
# the values with `check`, and passes on to Tomcat only what it overrides.

me="deploy/${0##*/}"
die() { echo "$me: $*" >&2; exit 1; }
say() { echo "$me: $*" >&2; }

# --- the checkout, the pinned Tomcat, the defaults --------------------------------------

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tomcat_version=$(sed -n 's:.*<tomcat.version>\(.*\)</tomcat.version>.*:\1:p' "$project/pom.xml")
catalina_home=$project/target/tomcat/apache-tomcat-$tomcat_version
nginx_bin=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
defaults_file=$project/deploy/tomcat/defaults.sh
# shellcheck source=../tomcat/defaults.sh
. "$defaults_file"

# Runs a check of defaults.sh (webstack_check...) and dies with its message when it fails.
check() {
  local problem
  problem=$("$@") || die "$problem"
}

# The settings the given webstack_*_defaults functions set, with their defaults and help
# text, read from defaults.sh for --help; where two name a setting, the later one's is shown.
settings_help() {
  local fn line name value order=()
  local -A shown
  local re='^ *: "\$\{([A-Z_]+):=(.*)\}" +# *(.*)$'
  for fn in "$@"; do
    while IFS= read -r line; do
      [[ $line =~ $re ]] || continue
      name=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
      value=${value//'$project/'/./} value=${value//'$APP_PORT'/PORT}
      value=${value//'${CATALINA_BASE:-.}'/'$CATALINA_BASE'}
      value=${value//'$(webstack_newest_jdk)'/the newest JDK under /usr/lib/jvm}
      [ -n "${shown[$name]+set}" ] || order+=("$name")
      shown[$name]=$(printf '  %-25s %s%s' "$name" "${BASH_REMATCH[3]}" "${value:+ (default $value)}")
    done < <(sed -n "/^$fn() {/,/^}/p" "$defaults_file")
  done
  for name in "${order[@]}"; do echo "${shown[$name]}"; done
}

# --- the WAR ------------------------------------------------------------------------------

# Sets war to the WAR to run: APP_WAR when given (never built), else target/webstack.war,
# built first when it or Tomcat is missing or pom.xml or a source is newer than it.
find_war() {
  war=${APP_WAR:-$project/target/webstack.war}
  if [ -z "${APP_WAR:-}" ]; then
    if [ ! -f "$war" ] || [ ! -x "$catalina_home/bin/catalina.sh" ] \
       || [ -n "$(find "$project/pom.xml" "$project/src/main" "$project/webapp" -newer "$war" -print -quit)" ]; then
      say "building the WAR (./mvnw package -DskipTests)"
      (cd "$project" && ./mvnw -q package -DskipTests) || die "build failed"
    fi
  fi
  [ -f "$war" ] || die "no WAR at $war"
  [ -x "$catalina_home/bin/catalina.sh" ] || die "no Tomcat at $catalina_home (run ./mvnw package)"
}

# --- one Tomcat instance ------------------------------------------------------------------

# A fresh CATALINA_BASE: Tomcat's stock conf/ with our server.xml and the error pages it names
# (conf/errors/), bin/setenv.sh with the defaults.sh it reads, and the WAR as
# webapps/ROOT.war. Logs are kept. MODE unix: the same connector on a Unix socket
# (APP_SOCKET) that only its owner and group may use (rw-rw----); deploy/cluster makes the
# socket directory so that the group is the one nginx's workers run in.
make_base() {  # BASE WAR [tcp|unix]
  local base=$1 war=$2 mode=${3:-tcp}
  rm -rf "$base/conf" "$base/webapps" "$base/work" "$base/temp"
  mkdir -p "$base"/{conf,bin,webapps,work,temp,logs}
  cp "$catalina_home"/conf/* "$base/conf/"
  if [ "$mode" = unix ]; then
    sed 's|address="${app.address}" port="${app.port}"|unixDomainSocketPath="${app.socket}" unixDomainSocketPathPermissions="rw-rw----"|' \
      "$project/deploy/tomcat/server.xml" > "$base/conf/server.xml"
    grep -q 'unixDomainSocketPath' "$base/conf/server.xml" || die "cannot switch server.xml to a Unix socket"
  else
    cp "$project/deploy/tomcat/server.xml" "$base/conf/server.xml"
  fi
  render_error_pages "$base/conf/errors"
  cp "$project/deploy/tomcat/setenv.sh" "$defaults_file" "$base/bin/"
  cp "$war" "$base/webapps/ROOT.war"
}

# Whether something answers on ADDRESS:PORT (for 0.0.0.0: on loopback).
port_in_use() {  # ADDRESS PORT
  local address=$1
  [ "$address" = 0.0.0.0 ] && address=127.0.0.1
  (exec 3<>"/dev/tcp/$address/$2") 2>/dev/null
}

# The HTTP status of GET PATH from WHERE, a host:port or the path of a Unix socket; 000 when
# nothing answers within 3 s.
http_status() {  # WHERE PATH
  if [[ $1 == /* ]]; then
    curl -s -o /dev/null -w '%{http_code}' --max-time 3 --unix-socket "$1" "http://localhost$2" || true
  else
    curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$1$2" || true
  fi
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_in() { [ -s "$1" ] && cat "$1" || true; }

# Waits up to 120 s for GET /health at WHERE to answer 200; dies with the tail of LOG when the
# process of PID_FILE exits first or the time runs out.
await_healthy() {  # NAME WHERE PID_FILE LOG
  local name=$1 where=$2 pid_file=$3 log=$4
  for _ in $(seq 1 240); do
    [ "$(http_status "$where" /health)" = 200 ] && return 0
    if ! alive "$(pid_in "$pid_file")"; then
      tail -n 40 "$log" >&2 2>/dev/null || true
      die "$name exited while starting (log above: $log)"
    fi
    sleep 0.5
  done
  tail -n 40 "$log" >&2 2>/dev/null || true
  die "$name not healthy after 120 s (log above: $log)"
}

# Stops a process: SIGNAL (TERM, Tomcat's graceful stop; nginx's is QUIT), up to SECONDS for
# it to finish, then TERM and at last KILL, 5 s each.
stop_pid() {  # PID NAME [SIGNAL [SECONDS]]
  local pid=$1 name=$2 signal=${3:-TERM} ticks=$((${4:-30} * 4)) t
  while alive "$pid"; do
    kill -"$signal" "$pid" 2>/dev/null || true
    for ((t = 0; t < ticks; t++)); do alive "$pid" || return 0; sleep 0.25; done
    case $signal in
      KILL) say "$name is still there after SIGKILL"; return 0 ;;
      TERM) signal=KILL ;;
      *) signal=TERM ;;
    esac
    say "$name did not stop in $((ticks / 4)) s: sending SIG$signal"
    ticks=20
  done
}

# A restarted JVM has compiled nothing yet: its first few thousand requests of each kind run
# interpreted, several times slower. CLUSTER_WARMUP_REQUESTS GETs of CLUSTER_WARMUP_PATHS, in
# equal shares, to BASE (the instance's own address, or http://localhost with --unix-socket),
# CLUSTER_WARMUP_PARALLEL at once over kept-alive connections (curl --parallel, URLs
# PATH?warmup=1..n, which its access log shows), stopped after CLUSTER_WARMUP_SECONDS; its
# scratch files in WORKDIR. Says what it did; never fails the restart: the instance is
# healthy, and a short warm-up only makes its first requests slower.
warm_up() {  # LABEL BASE WORKDIR [CURL_ARGS...]
  local label=$1 base=$2 config=$3/warmup.curlrc out=$3/warmup.codes paths=() per note started seconds count summary
  shift 3
  read -r -a paths <<< "$CLUSTER_WARMUP_PATHS"
  per=$(( (CLUSTER_WARMUP_REQUESTS + ${#paths[@]} - 1) / ${#paths[@]} ))
  # The paths in turn, so that a warm-up cut short has warmed each of them.
  awk -v n="$per" -v base="$base" -v paths="${paths[*]}" 'BEGIN {
    k = split(paths, p, " ")
    for (r = 1; r <= n; r++) for (j = 1; j <= k; j++)
      printf "url = \"%s%s?warmup=%d\"\noutput = \"/dev/null\"\n", base, p[j], r
  }' > "$config"
  started=$(date +%s%N)
  # Line-buffered: when timeout stops curl, every answer so far is counted.
  timeout "$CLUSTER_WARMUP_SECONDS" stdbuf -oL curl -s --parallel --parallel-max "$CLUSTER_WARMUP_PARALLEL" \
    --max-time 10 "$@" -w '%{http_code}\n' -K "$config" > "$out" 2>/dev/null || true
  seconds=$(( ($(date +%s%N) - started) / 10000000 ))
  seconds=$((seconds / 100)).$(printf '%02d' $((seconds % 100)))
  count=$(wc -l < "$out")
  summary=$(sort "$out" | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')
  note=""
  [ "$count" -ge $((per * ${#paths[@]})) ] || note=" (stopped by CLUSTER_WARMUP_SECONDS=$CLUSTER_WARMUP_SECONDS)"
  say "$label: warmed up: $count requests in $seconds s over $CLUSTER_WARMUP_PARALLEL connections (status: ${summary:-none})$note"
  rm -f "$config" "$out"
}

# What nginx serves from /static/ itself: the WAR's static/ as DIR/static, swapped in whole so
# it never serves a half-copied tree.
unpack_static() {  # WAR DIR
  local war=$1 dir=$2 tmp=$2/static.new
  rm -rf "$tmp" && mkdir -p "$tmp"
  (cd "$tmp" && unzip -q "$war" 'static/*')
  rm -rf "$dir/static.old"
  [ -d "$dir/static" ] && mv "$dir/static" "$dir/static.old"
  mv "$tmp/static" "$dir/static" && rm -rf "$tmp" "$dir/static.old"
}

# --- the shared database and secrets ------------------------------------------------------

# A secret of the cluster, generated on first use into FILE (mode 0600), printed.
secret_file() {  # FILE BYTES
  if [ ! -s "$1" ]; then
    (umask 077; head -c "$2" /dev/urandom | base64 | tr -d '/+=\n' > "$1")
  fi
  cat "$1"
}

# The SQL that creates the database NAME and its two accounts for each client HOST: the
# migration account owns the schema (Flyway creates and alters the tables at an instance's
# start-up), the instances' own account only reads and writes rows, so a flaw in the webapp
# cannot drop or change a table. Run again, it resets the passwords and the privileges.
database_sql() {  # NAME USER PASSWORD MIGRATION_USER MIGRATION_PASSWORD HOST...
  local name=$1 user=$2 password=$3 migration_user=$4 migration_password=$5 host
  shift 5
  echo "CREATE DATABASE IF NOT EXISTS \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  for host in "$@"; do
    cat <<SQL
CREATE USER IF NOT EXISTS '$migration_user'@'$host' IDENTIFIED BY '$migration_password';
ALTER USER '$migration_user'@'$host' IDENTIFIED BY '$migration_password';
GRANT ALL PRIVILEGES ON \`$name\`.* TO '$migration_user'@'$host';
CREATE USER IF NOT EXISTS '$user'@'$host' IDENTIFIED BY '$password';
ALTER USER '$user'@'$host' IDENTIFIED BY '$password';
-- Whatever the account held on the schema is taken back (the GRANT gives REVOKE something to
-- take back on a new account), then rows only.
GRANT SELECT ON \`$name\`.* TO '$user'@'$host';
REVOKE ALL PRIVILEGES ON \`$name\`.* FROM '$user'@'$host';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`$name\`.* TO '$user'@'$host';
SQL
  done
}

# --- nginx in front ---------------------------------------------------------------------

# Seconds nginx leaves a server alone after a failed connection to it (deploy/cluster's
# rolling restart waits them out before stopping the next instance).
nginx_fail_timeout=2

# TEMPLATE (in the checkout) with every {{KEY}} replaced by its VALUE, on stdout.
template_text() {  # TEMPLATE KEY VALUE...
  local text
  text=$(<"$project/$1")
  shift
  while [ $# -ge 2 ]; do text=${text//"{{$1}}"/"$2"}; shift 2; done
  printf '%s\n' "$text"
}

# TEMPLATE rendered into OUT.
render_template() {  # TEMPLATE OUT KEY VALUE...
  local template=$1 out=$2
  shift 2
  template_text "$template" "$@" > "$out"
}

# The errors nginx and Tomcat answer themselves, before the webapp sees the request, in the
# site's words: status|title|detail (titles as the webapp's own problems have them).
error_pages='400|Bad Request|The request is malformed: check its path, the percent-encoding in it, and its headers.
404|Not Found|There is nothing at this address.
408|Request Timeout|The request did not arrive in time.
413|Content Too Large|The request body is larger than 64 KiB.
414|URI Too Long|The address asked for is too long.
429|Too Many Requests|Too many requests from your address: wait a moment and try again.
500|Internal Server Error|The server could not answer this request.
501|Not Implemented|The server does not support this request (its method or transfer coding).
502|Bad Gateway|No instance of the site answered: try again shortly.
503|Service Unavailable|The site cannot answer right now: try again shortly.
504|Gateway Timeout|The site did not answer in time: try again shortly.
505|HTTP Version Not Supported|Use HTTP/1.1.'

# The error pages, from nginx/errors/: NNN.json (an RFC 9457 problem, for API routes) and
# NNN.html (for the HTML pages) per status above, and error.html for any other status.
render_error_pages() {  # DIR
  local dir=$1 status title detail
  rm -rf "$dir.new" && mkdir -p "$dir.new"
  while IFS='|' read -r status title detail; do
    render_template nginx/errors/problem.json.template "$dir.new/$status.json" \
      STATUS "$status" TITLE "$title" DETAIL "$detail"
    render_template nginx/errors/page.html.template "$dir.new/$status.html" \
      HEADING "$status $title" DETAIL "$detail"
  done <<< "$error_pages"
  render_template nginx/errors/page.html.template "$dir.new/error.html" \
    HEADING "Error" DETAIL "The server could not answer this request."
  rm -rf "$dir" && mv "$dir.new" "$dir"
}

# Dies unless CLUSTER_TLS_CERT and CLUSTER_TLS_KEY name readable files.
need_tls_files() {
  [ -r "$CLUSTER_TLS_CERT" ] && [ -r "$CLUSTER_TLS_KEY" ] \
    || die "TLS needs CLUSTER_TLS_CERT and CLUSTER_TLS_KEY, readable files (got '$CLUSTER_TLS_CERT' and '$CLUSTER_TLS_KEY'; deploy/cluster tls-selfsigned DIR makes a pair for tests)"
}

# The product's nginx configuration, the one renderer of nginx/*.template: nginx.conf,
# webstack.conf and webstack-upstream.conf (an upstream of the SERVERs: host:port or
# unix:/path) and the error pages (errors/) in OUT, which is nginx's prefix (logs/, tmp/,
# nginx.pid); then nginx -t. TLS_LISTEN (ADDR:PORT, or empty for none) serves the site over
# HTTPS with CLUSTER_TLS_CERT and CLUSTER_TLS_KEY, and LISTEN then only redirects to it. The
# limits and the workers' user are the CLUSTER_* settings (webstack_cluster_defaults).
nginx_render() {  # OUT LISTEN TLS_LISTEN WORKERS STATIC_ROOT SERVED_BY(yes|no) SERVER...
  local out=$1 listen=$2 tls_listen=$3 workers=$4 static=$5 served_by="" servers="" server f
  local user="" site_listen=$listen tls="" redirect=""
  [ "$6" = yes ] && served_by='add_header X-Served-By $upstream_addr always;'
  shift 6
  for server in "$@"; do
    servers+="${servers:+$'\n'}    server $server max_fails=1 fail_timeout=${nginx_fail_timeout}s;"
  done
  # Started as root, nginx runs its workers as this user (without the directive: nobody).
  if [ "$(id -u)" = 0 ]; then
    id -u "$CLUSTER_NGINX_USER" >/dev/null 2>&1 || die "CLUSTER_NGINX_USER: no user '$CLUSTER_NGINX_USER' on this machine"
    user="user $CLUSTER_NGINX_USER;"
  fi
  local log_format=webstack
  [ "$APP_LOG_FORMAT" = json ] && log_format=webstack_json
  access_log="$out/logs/access.log $log_format buffer=64k flush=1s"
  if [ "$CLUSTER_ACCESS_LOG" = no ]; then access_log=off; fi
  if [ -n "$tls_listen" ]; then
    need_tls_files
    site_listen="$tls_listen ssl"
    tls=$(template_text nginx/webstack-tls.conf.template CERT "$CLUSTER_TLS_CERT" KEY "$CLUSTER_TLS_KEY")
    redirect=$(template_text nginx/webstack-redirect.conf.template LISTEN "$listen" TLS_PORT "${tls_listen##*:}" \
      ACCESS_LOG "$access_log")
  fi
  mkdir -p "$out"/{logs,tmp}
  render_error_pages "$out/errors"
  render_template nginx/nginx.conf.template "$out/nginx.conf.new" PREFIX "$out" WORKERS "$workers" USER "$user"
  render_template nginx/webstack.conf.template "$out/webstack.conf.new" LISTEN "$site_listen" STATIC_ROOT "$static" \
    ACCESS_LOG "$access_log" SERVED_BY "$served_by" ERRORS "$out/errors" \
    LOGIN_RATE "$CLUSTER_LOGIN_RATE" LOGIN_BURST "$CLUSTER_LOGIN_BURST" CONN_LIMIT "$CLUSTER_CONN_LIMIT" \
    HSTS_MAX_AGE "$CLUSTER_HSTS_MAX_AGE" TLS "$tls" REDIRECT "$redirect"
  render_template nginx/webstack-upstream.conf.template "$out/webstack-upstream.conf.new" SERVERS "$servers"
  for f in nginx.conf webstack.conf webstack-upstream.conf; do mv "$out/$f.new" "$out/$f"; done
  "$nginx_bin" -t -q -p "$out/" -c "$out/nginx.conf" 2>"$out/logs/test.log" \
    || { cat "$out/logs/test.log" >&2; die "nginx -t failed on $out/nginx.conf"; }
}
