# Every default of the scripts that start webstack's Tomcat, and the check of every value:
# the one place. POSIX sh, sourced by
#  - bin/setenv.sh of every instance: this file is copied beside it (by deploy/lib/tomcat.sh,
#    or by hand on a host run by deploy/systemd/tomcat@.service), which runs
#    webstack_instance_defaults and webstack_check;
#  - deploy/lib/tomcat.sh, for deploy/run (webstack_run_defaults), deploy/cluster,
#    deploy/nginx-render, deploy/hosts and deploy/host (webstack_cluster_defaults), which
#    check the values before starting anything and pass on only what they override.
# A default only fills a variable that is unset, so the environment (systemd's instance.env,
# a caller's, a script's override) always wins. The comment that ends a default's line is its
# help text: deploy/run --help and deploy/cluster --help print those lines.

# --- every Tomcat instance --------------------------------------------------------------

webstack_instance_defaults() {
  # Tomcat runs on the newest JDK installed: the WAR is built for 17, and on this project's
  # machines Temurin 25 (JDK 25) spent about a third less CPU per /Hello/100 than Debian's 17
  # (README, "Which JDK"). Set JAVA_HOME to choose one; none under /usr/lib/jvm: java on PATH.
  : "${JAVA_HOME:=$(webstack_newest_jdk)}"      # the JDK that runs Tomcat
  : "${APP_PORT:=8080}"                          # HTTP port
  : "${APP_ADDRESS:=127.0.0.1}"                  # listen address; 0.0.0.0: every interface
  # The NIO connector keeps thousands of idle keep-alive connections without a thread each;
  # threads are only for requests being worked on. On 2 cores, 200 threads (Tomcat's default)
  # made CPU-bound pages slower and their p99 several times longer than 6-16 (bench/run); a
  # request that waits on the database holds a thread, so keep this at least the database
  # pool size (APP_DB_POOL_SIZE).
  : "${APP_THREADS:=16}"                         # request threads of the connector
  # The heap starts small and stays small while that is enough (about 50 MB under 200
  # connections); the ceiling leaves room for the read and write buffers of 10,000 open
  # connections (a fixed 128 MB heap died of OutOfMemoryError at 10,000 in bench/run).
  : "${APP_HEAP:=256m}"                          # largest JVM heap, -Xmx
  : "${APP_HEAP_INITIAL:=32m}"                   # starting JVM heap, -Xms
  # On 2 cores the serial collector gave the shortest p99 and the smallest resident size
  # under load (parallel and g1: more GC threads and bookkeeping competing for the same
  # cores; README, "Memory").
  : "${APP_GC:=serial}"                          # garbage collector: serial, parallel or g1
  # Tomcat's default is 8192: per open connection, one read and one write buffer.
  : "${APP_SOCKET_BUFFER:=4096}"                 # read and write buffer bytes per connection
  # Off by default: a benchmark measures the server, not its disk.
  : "${APP_ACCESS_LOG:=false}"                   # Tomcat's access log, logs/access.DATE.log: true or false
  : "${APP_LOG_FORMAT:=text}"                    # the app log (stdout) and the access log: text or json lines (nginx's too, deploy/cluster)
  : "${APP_SOCKET:=}"                            # Unix socket path, for an instance made with one (deploy/cluster up --unix)
  : "${APP_TRUSTED_PROXIES:=127\.0\.0\.1|::1|0:0:0:0:0:0:0:1}"  # a regular expression of the proxies whose X-Forwarded-* are believed
  # An instance keeps its data in its own CATALINA_BASE. Without one, ./data of the working
  # directory, as the webapp itself defaults (AppConfig) in a stock Tomcat.
  : "${APP_DATA_DIR:=${CATALINA_BASE:-.}/data}"  # the embedded H2 database and the token secret
}

# The newest JDK under /usr/lib/jvm (by the major version in its release file), or nothing.
webstack_newest_jdk() {
  _best= _best_major=0
  for _release in /usr/lib/jvm/*/release; do
    _dir=${_release%/release}
    _major=$(webstack_jdk_major "$_dir")
    if [ -x "$_dir/bin/java" ] && [ "$_major" -gt "$_best_major" ]; then
      _best=$_dir _best_major=$_major
    fi
  done
  echo "$_best"
}

# The major version of the JDK in $1 (its release file), or 0 when unknown.
webstack_jdk_major() {
  _major=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
  echo "${_major:-0}"
}

# --- deploy/run: one instance for development, in the foreground --------------------------
# ($project is the checkout; deploy/lib/tomcat.sh sets it.)

webstack_run_defaults() {
  # In the checkout, not in target/: a developer's users survive ./mvnw clean.
  : "${APP_DATA_DIR:=$project/data}"             # where the application keeps its data
  : "${APP_BENCH_DIR:=$project/bench/results}"   # bench/run's results, shown at /bench
  : "${APP_WAR:=}"                               # run this WAR; unset: target/webstack.war, built when stale
  webstack_instance_defaults
  : "${CATALINA_BASE:=$project/target/run/$APP_PORT}"  # the instance directory
}

# --- deploy/cluster: nginx in front of N instances, and deploy/nginx-render -----------------

webstack_cluster_defaults() {
  : "${CLUSTER_DIR:=$project/run/cluster}"       # state, logs, configs
  : "${CLUSTER_PORT:=8080}"                      # nginx's port
  : "${CLUSTER_ADDRESS:=127.0.0.1}"              # nginx's address
  : "${CLUSTER_BASE_PORT:=8081}"                 # instance i listens on BASE_PORT+i-1, in TCP mode
  : "${CLUSTER_NGINX_WORKERS:=1}"                # nginx worker processes
  : "${CLUSTER_DB_HOST:=127.0.0.1}"              # the MySQL/MariaDB server
  : "${CLUSTER_DB_PORT:=3306}"                   # its port
  : "${CLUSTER_DB_NAME:=webstack}"               # the database, created by up
  # Two accounts, both created by up: the instances' own may only read and write rows; the
  # migration account (Flyway, at an instance's start-up) may change the schema.
  : "${CLUSTER_DB_USER:=webstack}"               # the instances' account (@127.0.0.1, @localhost): SELECT, INSERT, UPDATE, DELETE
  : "${CLUSTER_DB_MIGRATION_USER:=${CLUSTER_DB_USER}_migrate}"  # the account that migrates the schema: every privilege on it
  : "${CLUSTER_DB_CHECK_USER:=${CLUSTER_DB_USER}_check}"  # with several db hosts (Galera): the account HAProxy's check logs in with, from the proxy host; no privilege
  : "${CLUSTER_DB_ADMIN_USER:=root}"             # who creates them
  : "${CLUSTER_DB_ADMIN_PASSWORD:=}"             # with this password (unset: none)
  # Enforced by nginx. bench/harness raises them: its loads come from one address.
  : "${CLUSTER_LOGIN_RATE:=10r/s}"               # POST /token and POST /users per client address, together (429 beyond)
  : "${CLUSTER_LOGIN_BURST:=20}"                 # requests let through at once above that rate
  : "${CLUSTER_CONN_LIMIT:=100}"                 # requests in progress per client address (429 beyond)
  : "${CLUSTER_TLS_PORT:=8443}"                  # nginx's HTTPS port, with up --tls (CLUSTER_PORT then redirects to it)
  : "${CLUSTER_TLS_CERT:=}"                      # with up --tls: the certificate (PEM, chain included)
  : "${CLUSTER_TLS_KEY:=}"                       # and its private key (PEM)
  # Browsers keep HSTS per host name, whatever the port: 0 while trying TLS out on localhost.
  : "${CLUSTER_HSTS_MAX_AGE:=31536000}"          # with up --tls: seconds browsers keep to HTTPS (Strict-Transport-Security)
  : "${CLUSTER_NGINX_USER:=www-data}"            # the user nginx's workers run as, when nginx starts as root
  # A restarted instance's JIT has compiled nothing: before nginx sends it traffic again
  # (rolling-restart, deploy), curl sends it this many requests on its own port or socket,
  # spread over CLUSTER_WARMUP_PATHS.
  : "${CLUSTER_WARMUP_REQUESTS:=20000}"          # warm-up requests per restarted instance (0: none)
  : "${CLUSTER_WARMUP_SECONDS:=20}"              # the warm-up stops after this many seconds, whatever is left
  : "${CLUSTER_WARMUP_PARALLEL:=8}"              # warm-up connections at once
  : "${CLUSTER_WARMUP_PATHS:=/Hello/100 /json / /users/1}"  # the warm-up's GETs, in equal shares (/users/1 unauthenticated: a 401)
  # Over TCP, only a reload keeps nginx off an instance whose port is open; a reload closes
  # nginx's idle client connections, and a POST a client sent on one just then fails.
  : "${CLUSTER_WARMUP_RELOAD:=no}"               # yes: over TCP, the instance marked down in nginx (reloaded) until warm; no: nginx may join in after fail_timeout
  # Unlike a bare instance: behind nginx, which instance answered what is worth a log line.
  : "${APP_ACCESS_LOG:=true}"                    # every instance's access log
  : "${CLUSTER_ACCESS_LOG:=yes}"                 # nginx's access log, CLUSTER_DIR/nginx/logs/access.log (no: none; bench/run)
  : "${APP_WAR:=}"                               # the WAR up copies to CLUSTER_DIR/ROOT.war when none is there (then reused; deploy replaces it); unset: target/webstack.war, built when stale
  webstack_instance_defaults
}

# --- checks: each prints what is wrong and fails, or says nothing -------------------------

webstack_is_number() {
  case $1 in '' | *[!0-9]*) return 1 ;; esac
}

webstack_check_port() {  # NAME VALUE
  if webstack_is_number "$2" && [ ${#2} -le 5 ] && [ "$2" -ge 1 ] && [ "$2" -le 65535 ]; then return 0; fi
  echo "$1 must be a number from 1 to 65535, got '$2'"
  return 1
}

# Every instance setting; the webapp checks its own (APP_DB_*, APP_TOKEN_*...) at start-up.
webstack_check() {
  webstack_check_port APP_PORT "$APP_PORT" || return 1
  case ${APP_HEAP%[kKmMgG]} in '' | *[!0-9]*)
    echo "APP_HEAP must look like 256m or 1g, got '$APP_HEAP'"; return 1 ;; esac
  case ${APP_HEAP_INITIAL%[kKmMgG]} in '' | *[!0-9]*)
    echo "APP_HEAP_INITIAL must look like 32m or 1g, got '$APP_HEAP_INITIAL'"; return 1 ;; esac
  case $APP_GC in serial | parallel | g1) ;; *)
    echo "APP_GC must be serial, parallel or g1, got '$APP_GC'"; return 1 ;; esac
  if ! webstack_is_number "$APP_SOCKET_BUFFER" || [ "$APP_SOCKET_BUFFER" -lt 1024 ]; then
    echo "APP_SOCKET_BUFFER must be a number of bytes, at least 1024, got '$APP_SOCKET_BUFFER'"; return 1
  fi
  webstack_is_number "$APP_THREADS" || { echo "APP_THREADS must be a number, got '$APP_THREADS'"; return 1; }
  case $APP_ACCESS_LOG in true | false) ;; *)
    echo "APP_ACCESS_LOG must be true or false, got '$APP_ACCESS_LOG'"; return 1 ;; esac
  case $APP_LOG_FORMAT in text | json) ;; *)
    echo "APP_LOG_FORMAT must be text or json, got '$APP_LOG_FORMAT'"; return 1 ;; esac
}

webstack_cluster_check() {
  webstack_check_port CLUSTER_PORT "$CLUSTER_PORT" || return 1
  webstack_check_port CLUSTER_BASE_PORT "$CLUSTER_BASE_PORT" || return 1
  webstack_check_port CLUSTER_DB_PORT "$CLUSTER_DB_PORT" || return 1
  webstack_check_port CLUSTER_TLS_PORT "$CLUSTER_TLS_PORT" || return 1
  # A number of requests per second (r/s) or minute (r/m), as nginx's limit_req_zone takes it.
  case ${CLUSTER_LOGIN_RATE%r/[sm]} in "$CLUSTER_LOGIN_RATE" | '' | 0* | *[!0-9]*)
    echo "CLUSTER_LOGIN_RATE must look like 10r/s or 30r/m, got '$CLUSTER_LOGIN_RATE'"; return 1 ;; esac
  webstack_is_number "$CLUSTER_LOGIN_BURST" || { echo "CLUSTER_LOGIN_BURST must be a number of requests, got '$CLUSTER_LOGIN_BURST'"; return 1; }
  # nginx's limit_conn takes 1 to 65535.
  if ! webstack_is_number "$CLUSTER_CONN_LIMIT" || [ ${#CLUSTER_CONN_LIMIT} -gt 5 ] || [ "$CLUSTER_CONN_LIMIT" -lt 1 ] || [ "$CLUSTER_CONN_LIMIT" -gt 65535 ]; then
    echo "CLUSTER_CONN_LIMIT must be a number from 1 to 65535, got '$CLUSTER_CONN_LIMIT'"; return 1
  fi
  case $CLUSTER_ACCESS_LOG in yes | no) ;; *) echo "CLUSTER_ACCESS_LOG must be yes or no, got '$CLUSTER_ACCESS_LOG'"; return 1 ;; esac
  webstack_is_number "$CLUSTER_WARMUP_REQUESTS" || { echo "CLUSTER_WARMUP_REQUESTS must be a number of requests, got '$CLUSTER_WARMUP_REQUESTS'"; return 1; }
  if ! webstack_is_number "$CLUSTER_WARMUP_SECONDS" || [ "$CLUSTER_WARMUP_SECONDS" -lt 1 ]; then
    echo "CLUSTER_WARMUP_SECONDS must be a number of seconds, at least 1, got '$CLUSTER_WARMUP_SECONDS'"; return 1
  fi
  if ! webstack_is_number "$CLUSTER_WARMUP_PARALLEL" || [ "$CLUSTER_WARMUP_PARALLEL" -lt 1 ] || [ "$CLUSTER_WARMUP_PARALLEL" -gt 300 ]; then
    echo "CLUSTER_WARMUP_PARALLEL must be a number of connections from 1 to 300, got '$CLUSTER_WARMUP_PARALLEL'"; return 1
  fi
  # Paths only (the warm-up adds its query): no query, no glob characters for curl (checked
  # before the loop splits them, which would expand a glob).
  case $CLUSTER_WARMUP_PATHS in *[!A-Za-z0-9/._~\ -]*)
    echo "CLUSTER_WARMUP_PATHS: paths of letters, digits and / . _ ~ - only, got '$CLUSTER_WARMUP_PATHS'"; return 1 ;; esac
  for webstack_path in $CLUSTER_WARMUP_PATHS; do
    case $webstack_path in /*) ;; *)
      echo "CLUSTER_WARMUP_PATHS must be paths starting with /, got '$webstack_path'"; return 1 ;; esac
  done
  case $CLUSTER_WARMUP_RELOAD in yes | no) ;; *)
    echo "CLUSTER_WARMUP_RELOAD must be yes or no, got '$CLUSTER_WARMUP_RELOAD'"; return 1 ;; esac
  if [ -z "$CLUSTER_WARMUP_PATHS" ] && [ "$CLUSTER_WARMUP_REQUESTS" != 0 ]; then
    echo "CLUSTER_WARMUP_PATHS is empty (set CLUSTER_WARMUP_REQUESTS=0 for no warm-up)"; return 1
  fi
  webstack_is_number "$CLUSTER_HSTS_MAX_AGE" || { echo "CLUSTER_HSTS_MAX_AGE must be a number of seconds, got '$CLUSTER_HSTS_MAX_AGE'"; return 1; }
  if [ "$CLUSTER_NGINX_WORKERS" != auto ] && { ! webstack_is_number "$CLUSTER_NGINX_WORKERS" || [ "$CLUSTER_NGINX_WORKERS" -lt 1 ]; }; then
    echo "CLUSTER_NGINX_WORKERS must be a number of processes or auto, got '$CLUSTER_NGINX_WORKERS'"; return 1
  fi
  webstack_check
}
