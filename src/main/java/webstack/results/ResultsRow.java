package webstack.results;

/**
 * One server in one table ({@code row} in bench/results.schema.json, which says what each
 * figure measures). Every measurement may be null: a row that failed or was skipped has none,
 * and some tables have no siege figures at all.
 *
 * <p>{@code rssMiB} is the whole server's memory (every process of it summed), the figure that
 * compares a single Go process with N gunicorn workers or nginx and its Tomcats; the schema's
 * per-process peak, {@code rssMaxProcessMiB}, is for the report's per-instance goal. {@code id}
 * names the target (the same in every table), which the article's comparison goes by.
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
        Stats p99Ms,
        Integer errors,
        Stats rssMiB,
        RatioToGo ratioToGo) {

    /** This row's wrk throughput divided by Go net/http's in the same table. */
    public record RatioToGo(Double wrk) {
    }

    public ResultsRow {
        if (label == null) throw new IllegalArgumentException("a row without a label");
        if (status == null) throw new IllegalArgumentException("row '" + label + "' without a status");
    }

    public boolean ok() {
        return status.equals("ok");
    }
}
