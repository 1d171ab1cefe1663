# Sourced by Tomcat's catalina.sh from CATALINA_BASE/bin: the JVM and connector settings
# of one webstack instance, all in one place. Every value can be overridden from the
# environment; deploy/run --help lists them.

: "${APP_ADDRESS:=127.0.0.1}"
: "${APP_PORT:=8080}"
# Request threads. The NIO connector keeps thousands of idle keep-alive connections without
# a thread each; threads are only for requests being worked on. On 2 cores, 200 threads
# (Tomcat's default) made CPU-bound pages slower and their p99 several times longer than 6-16
# (bench/run); a request that waits on the database holds a thread, so keep this at
# least the database pool size (APP_DB_POOL_SIZE, 10).
: "${APP_THREADS:=16}"
# The heap starts small and stays small while that is enough (about 50 MB under 200
# connections); the ceiling leaves room for the read and write buffers of 10,000 open
# connections (a fixed 128 MB heap died of OutOfMemoryError at 10,000 in bench/run).
: "${APP_HEAP:=256m}"
: "${APP_HEAP_INITIAL:=32m}"
# Per open connection, one read and one write buffer of this size (Tomcat's default 8192).
: "${APP_SOCKET_BUFFER:=4096}"
: "${APP_DATA_DIR:=$CATALINA_BASE/data}"
: "${APP_ACCESS_LOG:=false}"
: "${APP_SOCKET:=}"
# A regular expression of proxy addresses whose X-Forwarded-* headers are believed.
: "${APP_TRUSTED_PROXIES:=127\.0\.0\.1|::1|0:0:0:0:0:0:0:1}"

# The garbage collector: serial, parallel or g1. On 2 cores the serial collector gave the
# shortest p99 and the smallest resident size under load (parallel and g1: more GC threads
# and bookkeeping competing for the same cores; README, "Memory").
: "${APP_GC:=serial}"
case "$APP_GC" in
  serial) gc=-XX:+UseSerialGC ;;
  parallel) gc=-XX:+UseParallelGC ;;
  g1) gc=-XX:+UseG1GC ;;
  *) echo "setenv.sh: APP_GC must be serial, parallel or g1, got '$APP_GC'" >&2; exit 1 ;;
esac
# glibc gives every thread that allocates its own 64 MB malloc arena; the JVM's native
# allocations then spread over many half-used arenas. Two keep the resident size down.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

# A fixed heap (no resizing pauses), small thread stacks, bounded metaspace and code cache so
# the resident size stays predictable.
# (catalina.sh evals CATALINA_OPTS: it must stay on one line, and a value with shell
# characters in it is single-quoted.)
CATALINA_OPTS="$CATALINA_OPTS -Xms$APP_HEAP_INITIAL -Xmx$APP_HEAP $gc -Xss512k"
CATALINA_OPTS="$CATALINA_OPTS -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"
# Hand the memory the JIT compilers freed back to the OS every 2 s (JDK 17.0.9+ and 21+;
# experimental before 22): about 15 MB less resident.
CATALINA_OPTS="$CATALINA_OPTS -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=2000"
CATALINA_OPTS="$CATALINA_OPTS -Dapp.address=$APP_ADDRESS -Dapp.port=$APP_PORT -Dapp.threads=$APP_THREADS -Dapp.socket-buffer=$APP_SOCKET_BUFFER"
CATALINA_OPTS="$CATALINA_OPTS -Dapp.data-dir=$APP_DATA_DIR -Dapp.access-log=$APP_ACCESS_LOG"
CATALINA_OPTS="$CATALINA_OPTS -Dapp.trusted-proxies='$APP_TRUSTED_PROXIES' -Dapp.socket=$APP_SOCKET"
CATALINA_OPTS="$CATALINA_OPTS -Dorg.apache.catalina.startup.EXIT_ON_INIT_FAILURE=true"
CATALINA_OPTS="$CATALINA_OPTS -Djava.awt.headless=true -Dfile.encoding=UTF-8"
