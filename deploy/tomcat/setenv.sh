# Sourced by Tomcat's catalina.sh from CATALINA_BASE/bin: the JVM and connector settings
# of one webstack instance, all in one place. Every value can be overridden from the
# environment; deploy/run --help lists them.

: "${APP_ADDRESS:=127.0.0.1}"
: "${APP_PORT:=8080}"
# Request threads. The NIO connector keeps thousands of idle keep-alive connections without
# a thread each; threads are only for requests being worked on. On 2 cores, 200 threads
# (Tomcat's default) made CPU-bound pages slower and their p99 several times longer than 6-16
# (bench/compare); a request that waits on the database holds a thread, so keep this at
# least the database pool size (APP_DB_POOL_SIZE, 10).
: "${APP_THREADS:=16}"
: "${APP_HEAP:=128m}"
: "${APP_DATA_DIR:=$CATALINA_BASE/data}"
: "${APP_ACCESS_LOG:=false}"
: "${APP_SOCKET:=}"
# A regular expression of proxy addresses whose X-Forwarded-* headers are believed.
: "${APP_TRUSTED_PROXIES:=127\.0\.0\.1|::1|0:0:0:0:0:0:0:1}"

# A fixed heap (no resizing pauses), the parallel collector for throughput on few cores,
# small thread stacks, bounded metaspace and code cache so the
# resident size stays predictable.
# (catalina.sh evals CATALINA_OPTS: it must stay on one line, and a value with shell
# characters in it is single-quoted.)
CATALINA_OPTS="$CATALINA_OPTS -Xms$APP_HEAP -Xmx$APP_HEAP -XX:+UseParallelGC -Xss512k"
CATALINA_OPTS="$CATALINA_OPTS -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"
CATALINA_OPTS="$CATALINA_OPTS -Dapp.address=$APP_ADDRESS -Dapp.port=$APP_PORT -Dapp.threads=$APP_THREADS"
CATALINA_OPTS="$CATALINA_OPTS -Dapp.data-dir=$APP_DATA_DIR -Dapp.access-log=$APP_ACCESS_LOG"
CATALINA_OPTS="$CATALINA_OPTS -Dapp.trusted-proxies='$APP_TRUSTED_PROXIES' -Dapp.socket=$APP_SOCKET"
CATALINA_OPTS="$CATALINA_OPTS -Dorg.apache.catalina.startup.EXIT_ON_INIT_FAILURE=true"
CATALINA_OPTS="$CATALINA_OPTS -Djava.awt.headless=true -Dfile.encoding=UTF-8"
