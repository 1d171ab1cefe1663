package webstack.results;

/**
 * One server in one table. Every measurement may be null: a row that failed or was skipped
 * has none, and some tables have no siege figures at all.
 */
public record ResultsRow(
        String id,
        String label,
        String group,
        String status,
        String note,
        String reason,
        Stats siegeTps,
        Integer siegeFailed,
        Stats wrkRps,
        Stats p50Ms,
        Stats p99Ms,
        Integer errors,
        Stats rssMiB,
        RatioToGo ratioToGo) {

    /** This row's throughput divided by Go net/http's in the same table. */
    public record RatioToGo(Double siege, Double wrk) {
    }

    public ResultsRow {
        if (label == null) throw new IllegalArgumentException("a row without a label");
        if (status == null) throw new IllegalArgumentException("row '" + label + "' without a status");
    }

    public boolean ok() {
        return status.equals("ok");
    }
}
