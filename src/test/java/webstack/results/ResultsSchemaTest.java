package webstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import webstack.testing.ResultsSample;
import webstack.testing.TomcatInstance;

/** Every results file in the repository, and the sample the page's tests use, is of bench/results.schema.json. */
class ResultsSchemaTest {

    static List<Path> committedRuns() throws IOException {
        try (Stream<Path> files = Files.list(TomcatInstance.PROJECT.resolve("bench/results"))) {
            // bench/run's files (ID.json); bench/faults' (faults-ID.json) are another schema.
            return files.filter(f -> f.getFileName().toString().matches("\\d{8}-\\d{6}\\.json")).sorted().toList();
        }
    }

    @Test
    void theSchemaIsADraft202012Schema() {
        assertEquals(List.of(), ResultsSchema.metaSchemaErrors());
    }

    @ParameterizedTest  // and with no run in bench/results, a configuration error: the README quotes one
    @MethodSource("committedRuns")
    void everyCommittedRunMatches(Path file) throws IOException {
        ResultsSchema.assertValid(file);
        // What the schema cannot say: the file is named by its id, as the page finds it.
        String id = new ObjectMapper().readTree(file.toFile()).get("id").asText();
        assertEquals(id + ".json", file.getFileName().toString());
    }

    @Test
    void theSampleMatches() {
        assertEquals(List.of(), ResultsSchema.errors(ResultsSample.json()));
    }

    @Test
    void theUserApiRunWithTheArticlesFiguresMatches() {
        assertEquals(List.of(), ResultsSchema.errors(ResultsSample.withArticle(ResultsSample.usersRun(), ResultsSample.ARTICLE)));
    }

    /** Changes to the sample, and where the schema finds each wrong: strict where the page depends on it, formats checked. */
    static Stream<Arguments> notResults() {
        return Stream.of(
                refused("\"schema\": \"webstack-bench/1\"", "\"schema\": \"webstack-bench/2\"", "$.schema"),
                refused("\"id\": \"20261122-101500\"", "\"id\": \"2026-11-22\"", "$.id"),
                refused("\"started\": \"2026-11-22T10:15:00Z\"", "\"started\": \"2026-11-22T10:15:00+01:00\"", "$.started"),
                refused("\"finished\": \"2026-11-22T10:28:41Z\"", "\"finished\": \"2026-11-22T25:28:41Z\"", "$.finished"),
                refused("\"mode\": \"full\"", "\"mode\": \"long\"", "$.mode"),
                refused("\"label\": \"Go net/http\", ", "", "$.tables[0].rows[1]"),
                refused("\"status\": \"ok\", \"note\": \"GOMAXPROCS=1\"", "\"note\": \"GOMAXPROCS=1\"", "$.tables[0].rows[1]"),
                refused("\"group\": \"Go\"", "\"group\": \"go\"", "$.tables[0].rows[1].group"),
                refused("\"reason\": \"did not answer", "\"why\": \"did not answer", "$.tables[0].rows[2]"),
                refused("\"median\": 37.0, ", "", "$.tables[0].rows[0].p99Ms"),
                refused("\"median\": 37.0", "\"median\": \"37.0\"", "$.tables[0].rows[0].p99Ms.median"),
                refused("\"errors\": 12", "\"errors\": 12.5", "$.tables[1].rows[0].errors"),
                refused("\"tools\": [\"wrk\"]", "\"tools\": [\"ab\"]", "$.tables[1].tools[0]"),
                refused("\"memoryMiB\": 24032", "\"memoryMiB\": 24032.5", "$.machine.memoryMiB"),
                refused("\"jsonProcs\": 2,", "", "$.settings"),
                refused("\"cores\": 2,", "\"cores\": 2, \"gpu\": null,", "$.machine"));
    }

    private static Arguments refused(String original, String replacement, String where) {
        return Arguments.of(original, replacement, where);
    }

    @ParameterizedTest
    @MethodSource("notResults")
    void theSchemaRefuses(String original, String replacement, String where) {
        String sample = ResultsSample.json();
        assertTrue(sample.contains(original), "the sample has " + original);
        List<String> errors = ResultsSchema.errors(sample.replace(original, replacement));
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(where + ":")), where + " in " + errors);
    }
}
