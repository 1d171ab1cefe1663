package webstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import webstack.testing.TomcatInstance;

/**
 * bench/results.schema.json, the one definition of the results files, as the tests check
 * files against it: the committed runs, the samples the page is tested with, and the file
 * {@code BenchRunIT}'s run of the harness writes.
 */
public final class ResultsSchema {

    public static final Path FILE = TomcatInstance.PROJECT.resolve("bench/results.schema.json");

    // Formats are only annotations in draft 2020-12 unless asked for: the dates must be checked.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true).pathType(PathType.JSON_PATH).locale(Locale.ENGLISH).build()));
    private static final Schema SCHEMA = REGISTRY.getSchema(text(), InputFormat.JSON);

    private ResultsSchema() {
    }

    /** The schema file's text. */
    public static String text() {
        try {
            return Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What makes {@code json} not a results file, one line per error with its place ("$.tables[0]..."); empty if nothing. */
    public static List<String> errors(String json) {
        return SCHEMA.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    /** What makes the schema itself not a draft 2020-12 schema (the meta-schema ships with the validator). */
    static List<String> metaSchemaErrors() {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        return meta.validate(text(), InputFormat.JSON).stream().map(Error::toString).toList();
    }

    public static void assertValid(Path file) throws IOException {
        assertEquals(List.of(), errors(Files.readString(file)), file + " does not match " + FILE);
    }
}
