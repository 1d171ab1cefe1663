# Sourced by Tomcat's catalina.sh from CATALINA_BASE/bin: the JVM and connector settings of
# one webstack instance, turned into JVM options. Their defaults and checks are in
# defaults.sh beside this file (deploy/tomcat/defaults.sh, copied with it into every
# instance, also on a host run by deploy/systemd/tomcat@.service): the one place that
# deploy/run and deploy/cluster read too. deploy/run --help lists the settings.

# catalina.sh reads setenv.sh from CATALINA_BASE/bin, else from CATALINA_HOME/bin: so does this.
if [ -r "$CATALINA_BASE/bin/defaults.sh" ]; then
  . "$CATALINA_BASE/bin/defaults.sh"
elif [ -r "$CATALINA_HOME/bin/defaults.sh" ]; then
  . "$CATALINA_HOME/bin/defaults.sh"
else
  echo "setenv.sh: no defaults.sh beside it in $CATALINA_BASE/bin (copy deploy/tomcat/defaults.sh there)" >&2
  exit 1
fi
webstack_instance_defaults
problem=$(webstack_check) || { echo "setenv.sh: $problem" >&2; exit 1; }

case "$APP_GC" in
  serial) gc=-XX:+UseSerialGC ;;
  parallel) gc=-XX:+UseParallelGC ;;
  g1) gc=-XX:+UseG1GC ;;
esac
# glibc gives every thread that allocates its own 64 MB malloc arena; the JVM's native
# allocations then spread over many half-used arenas. Two keep the resident size down.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

# A heap that grows only when needed, small thread stacks, bounded metaspace and code cache so
# the resident size stays predictable.
# (catalina.sh evals CATALINA_OPTS: it must stay on one line, and a value with shell
# characters in it is single-quoted.)
CATALINA_OPTS="$CATALINA_OPTS -Xms$APP_HEAP_INITIAL -Xmx$APP_HEAP $gc -Xss512k"
CATALINA_OPTS="$CATALINA_OPTS -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"
# Hand the native memory the JVM freed (much of it the JIT compilers') back to the OS every
# 2 s: about 15 MB less resident. The option is in JDK 17.0.9+, 21.0.1+ and 22+ (experimental
# in the early ones, hence the unlock); an older JVM refuses to start with it.
CATALINA_OPTS="$CATALINA_OPTS -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=2000"
# JDK 25: object headers of 8 bytes, not 12 (JEP 519), a smaller heap for the same objects.
if [ -n "$JAVA_HOME" ] && [ "$(webstack_jdk_major "$JAVA_HOME")" -ge 25 ]; then
  CATALINA_OPTS="$CATALINA_OPTS -XX:+UseCompactObjectHeaders"
fi
CATALINA_OPTS="$CATALINA_OPTS -Dapp.address=$APP_ADDRESS -Dapp.port=$APP_PORT -Dapp.threads=$APP_THREADS -Dapp.socket-buffer=$APP_SOCKET_BUFFER"
# server.xml has a text and a JSON access log valve: at most one of them on.
access_log_text=false access_log_json=false
if [ "$APP_ACCESS_LOG" = true ]; then
  if [ "$APP_LOG_FORMAT" = json ]; then access_log_json=true; else access_log_text=true; fi
fi
CATALINA_OPTS="$CATALINA_OPTS -Dapp.data-dir=$APP_DATA_DIR -Dapp.access-log.text=$access_log_text -Dapp.access-log.json=$access_log_json"
# The webapp's log (logback.xml) reads the same setting; AppConfig checks it there too.
CATALINA_OPTS="$CATALINA_OPTS -Dapp.log.format=$APP_LOG_FORMAT"
CATALINA_OPTS="$CATALINA_OPTS -Dapp.trusted-proxies='$APP_TRUSTED_PROXIES' -Dapp.socket=$APP_SOCKET"
CATALINA_OPTS="$CATALINA_OPTS -Dorg.apache.catalina.startup.EXIT_ON_INIT_FAILURE=true"
CATALINA_OPTS="$CATALINA_OPTS -Djava.awt.headless=true -Dfile.encoding=UTF-8"
