package webstack.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample results file of bench/run (src/test/resources/webstack/bench/results-sample.json):
 * a file as the harness writes it, of bench/results.schema.json ({@code ResultsSchemaTest}).
 */
public final class ResultsSample {

    /** The sample's own id, the name it is stored under. */
    public static final String ID = "20261122-101500";

    private ResultsSample() {
    }

    public static String json() {
        try (InputStream in = ResultsSample.class.getResourceAsStream("/webstack/bench/results-sample.json")) {
            if (in == null) throw new IllegalStateException("results-sample.json missing from the test classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code json} into {@code dir} as {@code <id>.json}, creating the directory. */
    public static Path write(Path dir, String id, String json) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(id + ".json"), json);
    }

    /** A fresh directory holding only the sample, as {@code <ID>.json}. */
    public static Path freshDir(Path dir) throws IOException {
        TomcatInstance.deleteTree(dir);
        write(dir, ID, json());
        return dir;
    }
}
