package webstack.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One results file of bench/run (schema {@value #SCHEMA}, defined by bench/results.schema.json):
 * the members the page shows, named as the schema names them. Members the page does not read
 * are ignored, so bench/run can add some without breaking it; a missing list reads as empty.
 * {@code ResultsRecordsTest} keeps these records and the schema in step.
 */
public record RunResults(
        String schema,
        Instant started,
        Instant finished,
        String mode,
        String command,
        Settings settings,
        Machine machine,
        List<ResultsTable> tables,
        List<Goal> goals,
        List<Unavailable> unavailable,
        List<ArticleFigure> article) {

    public static final String SCHEMA = "webstack-bench/1";

    public RunResults {
        // Another schema version may give the same names other meanings: refuse it rather than guess.
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema is '" + schema + "', not " + SCHEMA);
        }
        tables = tables == null ? List.of() : List.copyOf(tables);
        goals = goals == null ? List.of() : List.copyOf(goals);
        unavailable = unavailable == null ? List.of() : List.copyOf(unavailable);
        article = article == null ? List.of() : List.copyOf(article);
    }

    public record Settings(Integer rounds, Siege siege, Wrk wrk, Integer warmupSeconds) {
    }

    public record Siege(Integer concurrency, Integer seconds) {
    }

    public record Wrk(Integer threads, Integer connections, Integer seconds) {
    }

    public record Machine(
            Integer cores, String cpu, Integer memoryMiB, String kernel, String os, Map<String, String> versions,
            String note) {

        public Machine {
            versions = versions == null ? Map.of() : versions;
        }
    }

    public record Goal(String text, String value, boolean met) {
    }

    public record Unavailable(String label, String reason) {
    }

    /**
     * The 2025 article's reported figures for one framework, on the article's own machine and
     * load (never measured here); {@code row} is the id of the row of this run that stands for it.
     */
    public record ArticleFigure(String row, String label, Double rps, Double p99Ms, Double memoryMB, String source) {

        public ArticleFigure {
            // The page places a figure by its row and names it by its label.
            if (row == null) throw new IllegalArgumentException("an article figure without a row");
            if (label == null) throw new IllegalArgumentException("article figure '" + row + "' without a label");
        }
    }
}
