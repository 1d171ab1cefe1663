# One MariaDB Galera node in DIR/mysql, for deploy/host (sourced after lib/tomcat.sh): its
# configuration file, its start as the first node of a new cluster or as a joiner, its saved
# state (grastate.dat, or the position InnoDB recovers after a crash) and its wsrep status.
# The node's ports: PORT for SQL, GPORT for replication, GPORT+1 for incremental state
# transfer (IST), GPORT+2 for full state transfer (SST, rsync): all on ADDRESS only.

galera_provider=/usr/lib/galera/libgalera_smm.so
galera_user=mysql

galera_cnf() { echo "$dir/mysql/my.cnf"; }

# The node's configuration: every setting in one file, which the server and its SST script
# (wsrep_sst_rsync reads it again with my_print_defaults) both read.
galera_write_cnf() {  # NAME ADDRESS PORT GPORT DONORS PEER...
  local name=$1 address=$2 port=$3 gport=$4 donors=$5 data=$dir/mysql peers
  shift 5
  peers=$(IFS=,; echo "$*")
  mkdir -p "$data"
  cat > "$(galera_cnf).new" <<EOF
# Written by deploy/host galera-start: node $name of a MariaDB Galera cluster.
[mysqld]
# As Debian's own service: the SST's rsync daemon, started by the server, then writes as it.
user = $galera_user
datadir = $data/data
socket = $data/mysqld.sock
pid-file = $data/mysqld.pid
log-error = $data/error.log
bind-address = $address
port = $port
skip-name-resolve
max-connections = 200
innodb-buffer-pool-size = 64M
# Durable on each node as on a single server: an acknowledged write survives even the whole
# cluster's kill -9 (the full-cluster restart's test).
innodb-flush-log-at-trx-commit = 1
# What Galera requires: row-based replication of InnoDB tables, interleaved auto-increment locks.
binlog-format = ROW
default-storage-engine = InnoDB
innodb-autoinc-lock-mode = 2
wsrep-on = ON
wsrep-provider = $galera_provider
wsrep-cluster-name = webstack
wsrep-cluster-address = gcomm://$peers
wsrep-node-name = $name
wsrep-node-address = $address:$gport
wsrep-sst-method = rsync
wsrep-sst-receive-address = $address:$((gport + 2))
# A joiner takes its full copy from these nodes first, the writer last: an rsync donor
# blocks its writes while it copies.
wsrep-sst-donor = $donors
# A certification conflict on an autocommit statement is retried by the server this often
# before the client sees error 1213.
wsrep-retry-autocommit = 3
# DDL (Flyway's migrations) runs in total order on every node at once.
wsrep-osu-method = TOI
# pc.recovery=false: after the whole cluster went down, no node forms a primary component by
# itself; deploy/hosts db-bootstrap chooses the most advanced node (grastate.dat).
wsrep-provider-options = "gmcast.listen_addr=tcp://$address:$gport;ist.recv_addr=$address:$((gport + 1));gcache.size=128M;gcache.recover=yes;pc.recovery=false"
EOF
  mv "$(galera_cnf).new" "$(galera_cnf)"
}

# The node's wsrep status: "STATE SIZE COMMENT" (Primary 3 Synced), or nothing when the
# server does not answer.
galera_wsrep_status() {
  mariadb --socket="$(db_socket)" -u root -N -B -e \
    "SELECT MAX(IF(VARIABLE_NAME='WSREP_CLUSTER_STATUS', VARIABLE_VALUE, NULL)),
            MAX(IF(VARIABLE_NAME='WSREP_CLUSTER_SIZE', VARIABLE_VALUE, NULL)),
            MAX(IF(VARIABLE_NAME='WSREP_LOCAL_STATE_COMMENT', VARIABLE_VALUE, NULL))
       FROM information_schema.GLOBAL_STATUS" 2>/dev/null | tr '\t' ' '
}

# Start the node: MODE new forms a new cluster from this node's data (initialised first when
# there is none; galera_new_cluster does the same under systemd), join joins the running
# cluster, taking a state transfer (IST, or a full SST into an empty data directory). Waits
# until the node is Synced.
galera_start() {  # MODE NAME ADDRESS PORT GPORT DONORS PEER...
  local mode=$1 data=$dir/mysql extra=() status server uuid seqno
  shift
  alive "$(db_pid)" && return 0
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || die "mariadbd not found (apt-get install mariadb-server)"
  [ -f "$galera_provider" ] || die "$galera_provider not found (apt-get install galera-4)"
  command -v rsync >/dev/null 2>&1 || die "rsync not found (apt-get install rsync): the state transfer needs it"
  id "$galera_user" >/dev/null 2>&1 || die "no user $galera_user (Debian's mariadb-server creates it)"
  galera_write_cnf "$@"
  if [ "$mode" = new ]; then
    if [ ! -d "$data/data/mysql" ]; then
      chown "$galera_user:" "$data"
      mariadb-install-db --defaults-file="$(galera_cnf)" --user="$galera_user" --auth-root-authentication-method=socket \
        --skip-test-db >"$data/install.log" 2>&1 || { tail -n 20 "$data/install.log" >&2; die "mariadb-install-db failed"; }
    fi
    # The node that starts the cluster is the one allowed to (deploy/hosts chose it).
    [ ! -f "$data/data/grastate.dat" ] || sed -i 's/^safe_to_bootstrap: *0/safe_to_bootstrap: 1/' "$data/data/grastate.dat"
    extra=(--wsrep-new-cluster)
  else
    # An empty data directory is filled by the full state transfer.
    mkdir -p "$data/data"
  fi
  # Where the node's data stands: after a crash grastate.dat says nothing (seqno -1), and
  # without the position InnoDB recovers the node would take a full copy (SST) where the few
  # transactions it missed (IST) do. galera_recovery does the same under systemd.
  chown -R "$galera_user:" "$data"
  if [ -d "$data/data/mysql" ]; then
    read -r uuid seqno _ <<< "$(galera_saved_state)"
    [ "${seqno:--1}" -lt 0 ] || extra+=(--wsrep-start-position="$uuid:$seqno")
  fi
  rm -f "$data/mysqld.pid"
  echo "--- $(date -u +%FT%TZ) deploy/host galera-start $mode ${extra[*]}" >> "$data/error.log"
  chown "$galera_user:" "$data/error.log"
  setsid /usr/sbin/mariadbd --defaults-file="$(galera_cnf)" "${extra[@]}" </dev/null >/dev/null 2>&1 &
  server=$!
  # A joiner's server opens its socket only once its state transfer is done.
  for _ in $(seq 1 "$((4 * ${GALERA_START_SECONDS:-300}))"); do
    status=$(galera_wsrep_status || true)
    case $status in *" Synced") return 0 ;; esac
    alive "$server" || break
    sleep 0.25
  done
  tail -n 30 "$data/error.log" >&2 2>/dev/null || true
  die "the Galera node did not reach Synced (status: ${status:-no answer}; log: $data/error.log)"
}

# What this stopped node holds: "UUID SEQNO SAFE_TO_BOOTSTRAP", from grastate.dat, or from the
# position InnoDB recovers (mariadbd --wsrep-recover) when the node did not stop cleanly
# (seqno -1); "none" when it holds no data. Refuses while the node runs.
galera_saved_state() {
  local data=$dir/mysql grastate uuid seqno safe recovered
  alive "$(db_pid)" && die "the node is running: its state is the cluster's"
  grastate=$data/data/grastate.dat
  [ -f "$grastate" ] && [ -d "$data/data/mysql" ] || { echo none; return 0; }
  uuid=$(awk '/^uuid:/ {print $2}' "$grastate")
  seqno=$(awk '/^seqno:/ {print $2}' "$grastate")
  safe=$(awk '/^safe_to_bootstrap:/ {print $2}' "$grastate")
  if [ "$seqno" = -1 ] || [ "$uuid" = 00000000-0000-0000-0000-000000000000 ]; then
    /usr/sbin/mariadbd --defaults-file="$(galera_cnf)" --wsrep-recover --log-error="$data/recover.log" \
      </dev/null >/dev/null 2>&1 || true
    recovered=$(sed -n 's/.*WSREP: Recovered position: *\([0-9a-f-]*\):\(-\{0,1\}[0-9]*\).*/\1 \2/p' "$data/recover.log" 2>/dev/null | tail -n 1 || true)
    [ -n "$recovered" ] || die "no position recovered (log: $data/recover.log)"
    read -r uuid seqno <<< "$recovered"
  fi
  echo "$uuid $seqno ${safe:-0}"
}
