package webstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webstack.testing.Http.get;
import static webstack.testing.Http.header;
import static webstack.testing.Http.send;
import static webstack.testing.Http.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import webstack.testing.ResultsSample;
import webstack.testing.TomcatInstance;

/**
 * {@code /bench} in a real Tomcat of its own, whose APP_BENCH_DIR each test fills as it
 * needs: the page reads the directory on every request, so no restart is needed between.
 */
class ResultsPageIT {

    private static TomcatInstance tomcat;
    private static Path results;

    @BeforeAll
    static void start() throws Exception {
        results = TomcatInstance.PROJECT.resolve("target/it/bench-results");
        TomcatInstance.deleteTree(results);
        tomcat = TomcatInstance.start("bench", Map.of("APP_BENCH_DIR", results.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) tomcat.close();
    }

    @BeforeEach
    void emptyResults() throws Exception {
        TomcatInstance.deleteTree(results);
    }

    @Test
    void showsTheNewestRunWithItsNumbers() throws Exception {
        ResultsSample.write(results, "20261121-090000", ResultsSample.json().replace("Intel(R) Xeon(R)", "Older CPU"));
        ResultsSample.write(results, ResultsSample.ID, ResultsSample.json());
        var r = get(tomcat.uri("/bench"));
        assertEquals(200, r.statusCode());
        assertEquals("text/html;charset=UTF-8", header(r, "Content-Type"));
        String html = text(r);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertTrue(html.contains("Run 20261122-101500"), html);
        assertTrue(html.contains("Intel(R) Xeon(R) CPU @ 2.20GHz"), "the newest run's machine");
        assertTrue(html.contains("30,368"), "a wrk median");
        assertTrue(html.contains("did not answer on 127.0.0.1:18402 within 20 s"), "the failed row's reason");
        assertTrue(html.contains("style=\"width: 100%\""), "bars");
        assertTrue(html.contains("<a href=\"/bench?run=20261121-090000\">"), "the older run is linked");

        var older = get(tomcat.uri("/bench?run=20261121-090000"));
        assertEquals(200, older.statusCode());
        assertTrue(text(older).contains("Older CPU"), "the run asked for");
    }

    @Test
    void aUserApiRunShowsTheArticlesFiguresBesideTheMeasuredOnes() throws Exception {
        ResultsSample.write(results, ResultsSample.USERS_ID, ResultsSample.withArticle(ResultsSample.usersRun(), ResultsSample.ARTICLE));
        var r = get(tomcat.uri("/bench"));
        assertEquals(200, r.statusCode());
        String html = text(r);
        int start = html.indexOf("<h2>The article's user API on this machine</h2>");
        assertTrue(start >= 0, html);
        String article = html.substring(start, html.indexOf("</section>", start));
        assertTrue(article.contains("Reported by the article, its own machine, not measured here"), article);
        assertTrue(article.contains(">110,000</td>"), "Gin's req/s as the article reports it: " + article);
        assertTrue(article.contains("<span class=\"value\">10,729</span>"), "Gin's req/s measured here: " + article);
        assertTrue(html.contains("<h2>Java / Gin and Java / FastAPI, per workload</h2>"), html);
        assertTrue(html.contains(">0.53×</td>"), "Tomcat / Gin, req/s of the read: " + html);
    }

    @Test
    void anEmptyOrMissingDirectoryHasNoResultsYet() throws Exception {
        var missing = get(tomcat.uri("/bench"));
        assertEquals(200, missing.statusCode());
        assertTrue(text(missing).contains("No benchmark results yet: run <code>bench/run</code>"), text(missing));

        Files.createDirectories(results);
        Files.writeString(results.resolve("notes.txt"), "not a result");
        var empty = get(tomcat.uri("/bench"));
        assertEquals(200, empty.statusCode());
        assertEquals("text/html;charset=UTF-8", header(empty, "Content-Type"));
        assertTrue(text(empty).contains("No benchmark results yet"), text(empty));
    }

    @Test
    void aBrokenFileIsA503PageAndALogLine() throws Exception {
        ResultsSample.write(results, ResultsSample.ID, "{\"schema\": \"webstack-bench/1\", \"tables\": [");
        var r = get(tomcat.uri("/bench"));
        assertEquals(503, r.statusCode());
        assertEquals("text/html;charset=UTF-8", header(r, "Content-Type"));
        String html = text(r);
        assertTrue(html.contains("The benchmark results cannot be read"), html);
        assertTrue(html.contains("Run 20261122-101500: not valid JSON of schema webstack-bench/1"), html);
        assertFalse(html.contains("Exception"), html);
        assertFalse(html.contains(results.toString()), "no server path on the page");
        assertTrue(tomcat.allLogs().contains("/bench: cannot read " + results.resolve(ResultsSample.ID + ".json")),
                "logged with the file's path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"?run=", "?run=latest", "?run=2026112-101500", "?run=20261122-101500.json",
            "?run=../20261122-101500", "?run=..%2F..%2Fetc%2Fpasswd", "?run=20261122%2F101500",
            "?run=%EF%BC%92%EF%BC%90261122-101500", "?run=20261122-101500&run=20261122-101500"})
    void aRunThatIsNotAnIdIsABadRequest(String query) throws Exception {
        ResultsSample.write(results, ResultsSample.ID, ResultsSample.json());
        var r = get(tomcat.uri("/bench" + query));
        assertEquals(400, r.statusCode(), query);
        assertEquals("text/html;charset=UTF-8", header(r, "Content-Type"));
        assertTrue(text(r).contains("<h1>400 Bad Request</h1>"), text(r));
    }

    @Test
    void anUnknownRunIsNotFound() throws Exception {
        ResultsSample.write(results, ResultsSample.ID, ResultsSample.json());
        var r = get(tomcat.uri("/bench?run=20261122-101501"));
        assertEquals(404, r.statusCode());
        assertEquals("text/html;charset=UTF-8", header(r, "Content-Type"));
        assertTrue(text(r).contains("No benchmark run 20261122-101501"), text(r));
    }

    @Test
    void writesAreRefused() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            var r = send(method, tomcat.uri("/bench"));
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD", header(r, "Allow"));
        }
    }
}
