package webstack.results;

import java.util.List;

/**
 * One results file of bench/faults (schema {@value #SCHEMA}): the several-hosts cluster on the
 * namespace testbed under each fault, and what its ledger of every answer showed afterwards.
 * Members the page does not read are ignored; a missing list reads as empty.
 */
public record FaultRun(String schema, String id, String command, String database, String topology, List<Fault> faults) {

    public static final String SCHEMA = "webstack-faults/1";
    /** The database tiers bench/faults runs on: one MariaDB, or a Galera cluster behind HAProxy. */
    public static final String SINGLE = "single";
    public static final String GALERA = "galera";

    public FaultRun {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema is '" + schema + "', not " + SCHEMA);
        }
        faults = faults == null ? List.of() : List.copyOf(faults);
        // Runs from before Galera have no member: they were on one MariaDB.
        database = database == null ? SINGLE : database;
        if (!database.equals(SINGLE) && !database.equals(GALERA)) {
            throw new IllegalArgumentException("database is '" + database + "', not " + SINGLE + " or " + GALERA);
        }
    }

    /**
     * One fault under load: GETs that failed where another host could serve them, requests
     * nginx tried on a second instance, the
     * database's outage answered with 503s (db-restart only), the writes acknowledged, ambiguous
     * (a 5xx, a timeout, a lost connection; how many of them reached the database), lost
     * (acknowledged, not in the database), duplicated and unaccounted for, and the seconds
     * until the faulty part served again. On Galera also: the node hit, the GETs that failed
     * in the failover window (not counted in failedReads), the seconds until HAProxy moved off
     * the failed writer, the longest wait for an acknowledged write, the victim's rejoin and
     * its state transfer (IST, SST), and the nodes whose rows differ from the first's.
     */
    public record Fault(String fault, int reads, int failedReads, int reads503DuringOutage, double maxOutage503Seconds,
                        Double readP99Seconds, Double readMaxSeconds, int retriedOnAnother, int writes, int acknowledged, int ambiguous,
                        int ambiguousPresent, int lost, int duplicated, int unaccounted, Double recoverySeconds,
                        String victim, Integer readsFailedInWindow, Double failoverSeconds, Double writeStallSeconds,
                        Double rejoinSeconds, String stateTransfer, List<String> nodesDisagree, List<String> problems) {
        public Fault {
            if (fault == null || fault.isBlank()) throw new IllegalArgumentException("a fault without a name");
            problems = problems == null ? List.of() : List.copyOf(problems);
            nodesDisagree = nodesDisagree == null ? List.of() : List.copyOf(nodesDisagree);
        }
    }
}
