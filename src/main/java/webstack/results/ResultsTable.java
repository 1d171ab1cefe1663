package webstack.results;

import java.util.List;

/**
 * One load (a path, a number of processes, a number of connections) and every server under it
 * ({@code table} in bench/results.schema.json).
 */
public record ResultsTable(
        String id,
        String title,
        String path,
        Integer procs,
        Integer connections,
        List<ResultsRow> rows) {

    public ResultsTable {
        if (title == null) throw new IllegalArgumentException("a table without a title");
        rows = rows == null ? List.of() : List.copyOf(rows);
    }
}
