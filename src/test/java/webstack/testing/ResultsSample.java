package webstack.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample results file of bench/run (src/test/resources/webstack/bench/results-sample.json):
 * a file as the harness writes it, of bench/results.schema.json ({@code ResultsSchemaTest}).
 * And for the article's comparison, the committed run of the user API section with the
 * article's figures added, as bench/run now writes them.
 */
public final class ResultsSample {

    /** The sample's own id, the name it is stored under. */
    public static final String ID = "20261122-101500";

    /** The committed run of the user API section (Java, Gin, FastAPI), made before bench/run recorded the article's figures. */
    public static final String USERS_ID = "20261201-170737";

    /** The article member bench/run writes for that run's rows (bench/harness/report.py, article_figures). */
    public static final String ARTICLE = """
            [{"row": "gin-users", "label": "Go Gin", "rps": 110000, "p99Ms": 4, "memoryMB": 35,
              "source": "the 2025 article: 10,000 concurrent connections, simple JSON response, its own machine"},
             {"row": "fastapi-users", "label": "FastAPI (uvicorn)", "rps": 45000, "p99Ms": 15, "memoryMB": 150,
              "source": "the 2025 article: 10,000 concurrent connections, simple JSON response, its own machine"}]
            """;

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

    /** bench/results/{@value #USERS_ID}.json as committed: user API tables, no article member. */
    public static String usersRun() {
        try {
            return Files.readString(TomcatInstance.PROJECT.resolve("bench/results/" + USERS_ID + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code json}, a results file, with {@code article} (a JSON array) as its article member. */
    public static String withArticle(String json, String article) {
        try {
            var mapper = new ObjectMapper();
            var run = (ObjectNode) mapper.readTree(json);
            run.set("article", mapper.readTree(article));
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(run);
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
