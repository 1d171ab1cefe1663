package webstack.results;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import webstack.results.ResultsView.Column;
import webstack.results.RunResults.ArticleFigure;

/**
 * The 2025 article's user API on this machine, as the Markdown report's {@code user_api()}
 * (bench/harness/report.py) shows it: the rows of the read table with the most connections,
 * each measured figure beside the article's reported one where the run carries it; and the
 * ratios of the Java rows to Gin's and FastAPI's in every user API table.
 *
 * @param readTable the table the lines come from
 * @param reported  whether the run carries any of the article's figures (older runs do not)
 * @param sources   where the reported figures come from, each once
 * @param workloads one per user API table, its ratios in the order of {@link #PAIRS}
 */
public record ArticleComparison(
        ResultsTable readTable, boolean reported, List<Line> lines, List<String> sources, List<Workload> workloads) {

    /** Java row over peer row: direct against direct, behind nginx against behind nginx (report.py's RATIOS). */
    public record Pair(String javaRow, String peerRow, String heading) {
    }

    public static final List<Pair> PAIRS = List.of(
            new Pair("tomcat", "gin-users", "Tomcat / Gin"),
            new Pair("tomcat", "fastapi-users", "Tomcat / FastAPI"),
            new Pair("tomcat-nginx-tcp", "gin-users-nginx", "nginx→Tomcat / nginx→Gin"),
            new Pair("tomcat-nginx-tcp", "fastapi-users-nginx", "nginx→Tomcat / nginx→FastAPI"));

    /** users-read at the base connections, users-read-c<connections> at many. */
    private static final Pattern READ_TABLE = Pattern.compile("users-read(-c[0-9]+)?");

    /**
     * One server. {@code measured} is null when the row has no figures here, and {@code missing}
     * says why (its status, or that the read table has no such row); {@code reported} is null
     * where the article has no figures for it.
     */
    public record Line(String label, Figures measured, String missing, Figures reported) {
    }

    /** Formatted figures; a null text is a figure not there. */
    public record Figures(String rps, String p99Ms, String memory) {
    }

    /** One user API table: per pair of {@link #PAIRS}, the two ratios. */
    public record Workload(String title, List<Ratios> ratios) {
    }

    /** Java's median over the peer's, of req/s and of p99; null where either row is missing or failed. */
    public record Ratios(String rps, String p99Ms) {
    }

    /** For the template, which reads no static fields. */
    public List<Pair> pairs() {
        return PAIRS;
    }

    /** Null when the run has no user API tables. */
    public static ArticleComparison of(RunResults run) {
        List<ResultsTable> users = run.tables().stream().filter(t -> t.id() != null && t.id().startsWith("users-")).toList();
        if (users.isEmpty()) return null;
        // As the report: the read table with the most connections (the first of equals), else the first.
        ResultsTable read = users.stream().filter(t -> READ_TABLE.matcher(t.id()).matches())
                .max(Comparator.comparingInt(t -> t.connections() == null ? 0 : t.connections()))
                .orElse(users.get(0));
        List<String> sources = run.article().stream().map(ArticleFigure::source).filter(Objects::nonNull).distinct().toList();
        return new ArticleComparison(read, !run.article().isEmpty(), lines(read, run.article()), sources,
                users.stream().map(ArticleComparison::workload).toList());
    }

    private static List<Line> lines(ResultsTable read, List<ArticleFigure> article) {
        List<Line> lines = new ArrayList<>();
        for (ResultsRow row : read.rows()) {
            ArticleFigure figure = article.stream().filter(f -> f.row().equals(row.id())).findFirst().orElse(null);
            Figures measured = row.ok() ? new Figures(median(Column.WRK, row.wrkRps()), median(Column.P99, row.p99Ms()),
                    median(Column.RSS, row.rssMiB())) : null;
            lines.add(new Line(row.label(), measured, row.ok() ? null : row.status(), reported(figure)));
        }
        // A reported figure is never dropped silently, even for a row the read table lacks.
        for (ArticleFigure figure : article) {
            if (read.rows().stream().noneMatch(r -> figure.row().equals(r.id()))) {
                lines.add(new Line(figure.label(), null, "not in this table", reported(figure)));
            }
        }
        return List.copyOf(lines);
    }

    private static Workload workload(ResultsTable table) {
        List<Ratios> ratios = PAIRS.stream().map(pair -> {
            ResultsRow java = okRow(table, pair.javaRow());
            ResultsRow peer = okRow(table, pair.peerRow());
            return new Ratios(ratio(java, peer, Column.WRK), ratio(java, peer, Column.P99));
        }).toList();
        return new Workload(table.title(), ratios);
    }

    private static ResultsRow okRow(ResultsTable table, String id) {
        return table.rows().stream().filter(r -> id.equals(r.id()) && r.ok()).findFirst().orElse(null);
    }

    private static String ratio(ResultsRow java, ResultsRow peer, Column column) {
        if (java == null || peer == null) return null;
        Stats x = column.value(java);
        Stats y = column.value(peer);
        if (x == null || y == null || !(x.median() > 0) || !(y.median() > 0)) return null;
        return Column.RATIO.format(x.median() / y.median());
    }

    private static String median(Column column, Stats stats) {
        return stats == null ? null : column.format(stats.median());
    }

    /** The article's figures as it reports them: grouped, no trailing zeros (110,000; 4; 4.5). */
    private static Figures reported(ArticleFigure figure) {
        if (figure == null) return null;
        return new Figures(reported(figure.rps()), reported(figure.p99Ms()), reported(figure.memoryMB()));
    }

    private static String reported(Double value) {
        if (value == null) return null;
        return new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }
}
