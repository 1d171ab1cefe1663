# Sourced by Tomcat's catalina.sh from CATALINA_BASE/bin: the JVM and connector settings
# of one webstack instance, all in one place. Every value can be overridden from the
# environment; deploy/run --help lists them.

: "${APP_ADDRESS:=127.0.0.1}"
: "${APP_PORT:=8080}"
: "${APP_THREADS:=200}"
: "${APP_HEAP:=128m}"
: "${APP_DATA_DIR:=$CATALINA_BASE/data}"

# A fixed heap (no resizing pauses), the parallel collector for throughput on few cores,
# small thread stacks (200 request threads), bounded metaspace and code cache so the
# resident size stays predictable.
# (catalina.sh evals CATALINA_OPTS, so it must stay on one line: build it piece by piece.)
CATALINA_OPTS="$CATALINA_OPTS -Xms$APP_HEAP -Xmx$APP_HEAP -XX:+UseParallelGC -Xss512k"
CATALINA_OPTS="$CATALINA_OPTS -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"
CATALINA_OPTS="$CATALINA_OPTS -Dapp.address=$APP_ADDRESS -Dapp.port=$APP_PORT -Dapp.threads=$APP_THREADS"
CATALINA_OPTS="$CATALINA_OPTS -Dapp.data-dir=$APP_DATA_DIR"
CATALINA_OPTS="$CATALINA_OPTS -Dorg.apache.catalina.startup.EXIT_ON_INIT_FAILURE=true"
CATALINA_OPTS="$CATALINA_OPTS -Djava.awt.headless=true -Dfile.encoding=UTF-8"
