package webstack.results;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A run as results.ftlh shows it: per table, the columns that have a value in at least one row,
 * each number formatted, and bar widths scaled to the largest median of the column in that
 * table; and, for a run of the user API, the article's comparison ({@code article}, null
 * without user API tables). The arithmetic lives here, where a unit test can check it, and the
 * markup in the template.
 */
public record ResultsView(RunResults run, String date, String duration, List<TableView> tables, ArticleComparison article) {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Groups the stylesheet has a bar colour for; any other group gets the neutral one. */
    private static final Set<String> GROUPS = Set.of("java", "go", "python", "nginx");

    /** A column of the results table, with how its numbers are written. */
    public enum Column {
        SIEGE("siege trans/s", "%,.0f", true, ResultsRow::siegeTps),
        WRK("wrk req/s", "%,.0f", true, ResultsRow::wrkRps),
        P99("p99 ms", "%,.1f", false, ResultsRow::p99Ms),
        /** The whole server's peak memory, every process of it summed (rssMiB, not the per-process peak). */
        RSS("RSS MiB, all processes", "%,.0f", false, ResultsRow::rssMiB),
        RATIO("× Go (wrk)", "%.2f×", false, row -> row.ratioToGo() == null || row.ratioToGo().wrk() == null
                ? null : new Stats(row.ratioToGo().wrk(), null, null));

        private final String heading;
        private final String format;
        private final boolean bar;
        private final Function<ResultsRow, Stats> value;

        Column(String heading, String format, boolean bar, Function<ResultsRow, Stats> value) {
            this.heading = heading;
            this.format = format;
            this.bar = bar;
            this.value = value;
        }

        public String getHeading() {
            return heading;
        }

        public boolean isBar() {
            return bar;
        }

        String format(double v) {
            return String.format(Locale.ROOT, format, v);
        }

        Stats value(ResultsRow row) {
            return value.apply(row);
        }
    }

    public record TableView(ResultsTable table, List<Column> columns, List<RowView> rows) {
    }

    /** {@code cells} line up with the table's columns; a row that is not ok has none. */
    public record RowView(ResultsRow row, String groupClass, List<Cell> cells, String problems) {
    }

    /**
     * One number: {@code text} the median (null: no value), {@code range} "min–max" when the
     * rounds differed, {@code barPercent} the bar's width (null in columns without bars).
     */
    public record Cell(Column column, String text, String range, Double barPercent) {
    }

    public static ResultsView of(RunResults run) {
        return new ResultsView(run,
                run.started() == null ? null : DATE.format(run.started()),
                duration(run.started(), run.finished()),
                run.tables().stream().map(ResultsView::table).toList(),
                ArticleComparison.of(run));
    }

    private static TableView table(ResultsTable table) {
        List<Column> columns = new ArrayList<>();
        for (Column c : Column.values()) {
            if (table.rows().stream().anyMatch(r -> r.ok() && c.value.apply(r) != null)) columns.add(c);
        }
        List<RowView> rows = table.rows().stream().map(r -> row(table, columns, r)).toList();
        return new TableView(table, List.copyOf(columns), rows);
    }

    private static RowView row(ResultsTable table, List<Column> columns, ResultsRow row) {
        String group = row.group() == null ? "" : row.group().toLowerCase(Locale.ROOT);
        String groupClass = GROUPS.contains(group) ? group : "other";
        if (!row.ok()) return new RowView(row, groupClass, List.of(), null);
        List<Cell> cells = columns.stream().map(c -> cell(c, c.value.apply(row), largest(table, c))).toList();
        return new RowView(row, groupClass, cells, problems(row));
    }

    private static Cell cell(Column column, Stats stats, double largest) {
        if (stats == null) return new Cell(column, null, null, null);
        String text = column.format(stats.median());
        String range = stats.min() == null || stats.max() == null || stats.min().equals(stats.max()) ? null
                : column.format(stats.min()) + "–" + column.format(stats.max());
        Double bar = column.bar ? percent(stats.median(), largest) : null;
        return new Cell(column, text, range, bar);
    }

    /** Width in percent of the largest, one decimal, within 0–100 (a negative or odd value gets no bar). */
    private static double percent(double value, double largest) {
        if (!(largest > 0) || !(value > 0)) return 0;
        return Math.min(100, Math.round(value / largest * 1000) / 10.0);
    }

    private static double largest(ResultsTable table, Column column) {
        return table.rows().stream().filter(ResultsRow::ok).map(column.value).filter(s -> s != null)
                .mapToDouble(Stats::median).max().orElse(0);
    }

    /** Failed requests during an ok row's measurement, which a reader must not miss. */
    private static String problems(ResultsRow row) {
        List<String> parts = new ArrayList<>();
        if (row.siegeFailed() != null && row.siegeFailed() > 0) parts.add(row.siegeFailed() + " failed siege transactions");
        if (row.errors() != null && row.errors() > 0) parts.add(row.errors() + " wrk errors");
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static String duration(Instant started, Instant finished) {
        if (started == null || finished == null || finished.isBefore(started)) return null;
        Duration d = Duration.between(started, finished);
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}
