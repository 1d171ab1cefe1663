package webstack.results;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The result files of bench/run in one directory, named {@code <id>.json} with an id such as
 * {@code 20261122-101500}. The directory is listed and the file read on every call: they are
 * small, bench/run adds files while the site runs, and another instance may show the same
 * directory.
 */
public final class ResultsDirectory {

    /** A run id: a UTC date and time, so the greatest id is the newest run. */
    public static final Pattern ID = Pattern.compile("[0-9]{8}-[0-9]{6}");
    private static final Pattern FILE = Pattern.compile(ID.pattern() + "\\.json");
    /** bench/faults' results beside them: {@code faults-<id>.json}. */
    private static final Pattern FAULTS_FILE = Pattern.compile("faults-" + ID.pattern() + "\\.json");
    /** A results file is a few kilobytes; anything this big is not one. */
    private static final long MAX_BYTES = 4L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(ResultsDirectory.class);

    /** What the page has to show. {@code ids} are every run in the directory, newest first. */
    public sealed interface Outcome {
        record NoResults() implements Outcome {
        }

        record NotFound(String id) implements Outcome {
        }

        record Unreadable(String id, String reason, List<String> ids) implements Outcome {
        }

        record Found(String id, RunResults run, List<String> ids) implements Outcome {
        }
    }

    private final Path dir;
    private final ObjectReader reader;
    private final ObjectReader faultsReader;

    /**
     * {@code dir} null means no directory is configured: there are no results. The
     * application's mapper already ignores unknown fields (bench/run may add some) and takes
     * a whole number where a decimal is expected (Python writes a median of 7900 so).
     */
    public ResultsDirectory(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.reader = json.readerFor(RunResults.class);
        this.faultsReader = json.readerFor(FaultRun.class);
    }

    /**
     * The newest bench/faults run of each database tier in the directory (one MariaDB first,
     * then Galera), of those that can be read: the page shows them beside whichever bench/run
     * it shows. One that cannot be read is logged and left out (the page's subject is
     * bench/run's results).
     */
    public List<FaultRun> latestFaults() {
        if (dir == null || !Files.isDirectory(dir)) return List.of();
        List<Path> newestFirst;
        try (Stream<Path> files = Files.list(dir)) {
            newestFirst = files.filter(f -> FAULTS_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            LOG.warn("/bench: cannot list {}: {}", dir, oneLine(e));
            return List.of();
        }
        var latest = new java.util.TreeMap<String, FaultRun>(Comparator.comparing(FaultRun.GALERA::equals));
        for (Path file : newestFirst) {
            if (latest.size() == 2) break;
            FaultRun run = readFaults(file);
            if (run != null) latest.putIfAbsent(run.database(), run);
        }
        return List.copyOf(latest.values());
    }

    private FaultRun readFaults(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) throw new NotResults("larger than " + MAX_BYTES + " bytes");
            try (InputStream in = Files.newInputStream(file)) {
                return faultsReader.readValue(in);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("/bench: cannot read {}: {}", file, oneLine(e));
            return null;
        }
    }

    /** The newest run, or the run {@code id} when it is not null (already checked against {@link #ID}). */
    public Outcome load(String id) {
        List<String> ids;
        try {
            ids = ids();
        } catch (IOException e) {
            LOG.warn("/bench: cannot list {}: {}", dir, oneLine(e));
            return new Outcome.Unreadable(id, "the results directory cannot be listed", List.of());
        }
        if (id != null && !ids.contains(id)) return new Outcome.NotFound(id);
        if (ids.isEmpty()) return new Outcome.NoResults();
        String shown = id != null ? id : ids.get(0);
        Path file = dir.resolve(shown + ".json");
        try {
            return new Outcome.Found(shown, read(file), ids);
        } catch (IOException e) {
            LOG.warn("/bench: cannot read {}: {}", file, oneLine(e));
            return new Outcome.Unreadable(shown, reason(e), ids);
        }
    }

    /** Every run id in the directory, newest first; none when there is no directory (yet). */
    List<String> ids() throws IOException {
        if (dir == null || !Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> FILE.matcher(name).matches())
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .sorted(Comparator.reverseOrder())
                    .toList();
        } catch (NoSuchFileException removedMeanwhile) {
            return List.of();
        }
    }

    private RunResults read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) throw new NotResults("larger than " + MAX_BYTES + " bytes");
        try (InputStream in = Files.newInputStream(file)) {
            RunResults run = reader.readValue(in);
            if (run == null) throw new NotResults("the file holds a null JSON value");
            return run;
        }
    }

    /** Jackson's messages end with the location on a line of its own: one log line each. */
    private static String oneLine(Exception e) {
        return e.toString().replaceAll("\\s*\\R\\s*", " ");
    }

    /** A file that is readable but not a results file; its message is fit for the page. */
    private static final class NotResults extends IOException {
        NotResults(String message) {
            super(message);
        }
    }

    /** A reason for the page: what is wrong and where, without the server's paths or internals. */
    private static String reason(IOException e) {
        if (e instanceof JsonProcessingException json) {
            JsonLocation at = json.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            Throwable cause = json.getCause();
            // A check in a record's constructor (e.g. "a row without a label") is the clearest reason.
            if (cause instanceof IllegalArgumentException invalid) return invalid.getMessage() + where;
            return "not valid JSON of schema " + RunResults.SCHEMA + where;
        }
        if (e instanceof NotResults) return e.getMessage();
        if (e instanceof NoSuchFileException) return "the file is gone";
        return "the file cannot be read";
    }
}
