package webstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import webstack.results.ResultsDirectory.Outcome;
import webstack.system.Json;
import webstack.testing.ResultsSample;
import webstack.testing.TomcatInstance;

/** Finding and reading bench/run's result files, with the application's own Jackson mapper. */
class ResultsDirectoryTest {

    @TempDir
    Path dir;

    private Outcome load(String id) {
        return new ResultsDirectory(dir, Json.mapper()).load(id);
    }

    private RunResults found(Outcome outcome) {
        return assertInstanceOf(Outcome.Found.class, outcome, String.valueOf(outcome)).run();
    }

    @Test
    void theSampleReadsIntoTheRecords() throws Exception {
        ResultsSample.write(dir, ResultsSample.ID, ResultsSample.json());
        RunResults run = found(load(null));

        assertEquals("webstack-bench/1", run.schema());
        assertEquals(Instant.parse("2026-11-22T10:15:00Z"), run.started());
        assertEquals(Instant.parse("2026-11-22T10:28:41Z"), run.finished());
        assertEquals("full", run.mode());
        assertEquals("bench/run", run.command());
        assertEquals(2, run.settings().rounds());
        assertEquals(200, run.settings().siege().concurrency());
        assertEquals(2, run.settings().wrk().threads());
        assertEquals(3, run.settings().warmupSeconds());

        assertEquals(2, run.machine().cores());
        assertEquals(24032, run.machine().memoryMiB());
        assertEquals("Debian GNU/Linux 12 (bookworm)", run.machine().os());
        assertEquals("11.0.24", run.machine().versions().get("tomcat"));
        assertEquals(List.of("java", "tomcat", "nginx", "go", "python", "siege", "wrk"),
                List.copyOf(run.machine().versions().keySet()), "in the file's order");

        assertEquals(2, run.tables().size());
        ResultsTable hello = run.tables().get(0);
        assertEquals("/Hello/100, 1 proc", hello.title());
        assertEquals(200, hello.connections());
        assertEquals("hello-procs-1", hello.id());
        assertEquals(3, hello.rows().size());

        ResultsRow tomcat = hello.rows().get(0);
        assertEquals("Tomcat 11 (direct)", tomcat.label());
        assertEquals("Java", tomcat.group());
        assertTrue(tomcat.ok());
        assertEquals(30368.2, tomcat.wrkRps().median());
        assertEquals(29000.0, tomcat.wrkRps().min());
        assertEquals(31736.4, tomcat.wrkRps().max());
        assertEquals(37.0, tomcat.p99Ms().median());
        assertEquals(0, tomcat.siegeFailed());
        assertEquals(198.0, tomcat.rssMiB().median());
        assertEquals(1.11, tomcat.ratioToGo().wrk());

        ResultsRow failed = hello.rows().get(2);
        assertEquals("failed", failed.status());
        assertEquals("did not answer on 127.0.0.1:18402 within 20 s", failed.reason());
        assertNull(failed.wrkRps());
        assertNull(failed.ratioToGo());

        ResultsRow json = run.tables().get(1).rows().get(0);
        assertNull(json.siegeTps());
        assertNull(json.note());
        assertEquals(0.95, json.ratioToGo().wrk());
        assertEquals(12, json.errors());

        assertEquals(2, run.goals().size());
        assertEquals("1.11x", run.goals().get(0).value());
        assertEquals(false, run.goals().get(0).met());
        assertEquals("Fiber (Go)", run.unavailable().get(1).label());
    }

    @Test
    void theArticlesFiguresReadIntoTheRecords() throws Exception {
        ResultsSample.write(dir, ResultsSample.USERS_ID, ResultsSample.withArticle(ResultsSample.usersRun(), ResultsSample.ARTICLE));
        RunResults run = found(load(null));

        assertEquals(2, run.article().size());
        RunResults.ArticleFigure gin = run.article().get(0);
        assertEquals("gin-users", gin.row());
        assertEquals("Go Gin", gin.label());
        assertEquals(110_000.0, gin.rps(), "a whole number in the file");
        assertEquals(4.0, gin.p99Ms());
        assertEquals(35.0, gin.memoryMB());
        assertTrue(gin.source().startsWith("the 2025 article"), gin.source());
        assertEquals("gin-users", run.tables().get(0).rows().get(2).id(), "rows carry their target's id");

        ResultsSample.write(dir, ResultsSample.USERS_ID, ResultsSample.usersRun());
        assertEquals(List.of(), found(load(null)).article(), "a run made before the member");
    }

    @Test
    void everyCommittedRunReads() {
        var committed = new ResultsDirectory(TomcatInstance.PROJECT.resolve("bench/results"), Json.mapper());
        var newest = assertInstanceOf(Outcome.Found.class, committed.load(null));
        for (String id : newest.ids()) {
            var found = assertInstanceOf(Outcome.Found.class, committed.load(id), id);
            assertTrue(found.run().tables().stream().allMatch(t -> !t.rows().isEmpty()), id);
        }
    }

    @Test
    void theNewestFileIsShownAndOtherNamesAreIgnored() throws Exception {
        String older = ResultsSample.json().replace("\"mode\": \"full\"", "\"mode\": \"quick\"");
        ResultsSample.write(dir, "20261121-235959", older);
        ResultsSample.write(dir, "20261122-101500", ResultsSample.json());
        // Not results files by their names, though later in sort order or valid JSON.
        for (String name : new String[] {"20261122-101500.json.tmp", "99999999-999999.JSON", "latest.json",
                "20261123-1015.json", "x20261124-101500.json", "20261125-101500.json~"}) {
            Files.writeString(dir.resolve(name), "not json");
        }
        Files.createDirectory(dir.resolve("20261126-101500"));

        var found = assertInstanceOf(Outcome.Found.class, load(null));
        assertEquals("20261122-101500", found.id());
        assertEquals("full", found.run().mode());
        assertEquals(List.of("20261122-101500", "20261121-235959"), found.ids(), "newest first");

        var older1 = assertInstanceOf(Outcome.Found.class, load("20261121-235959"));
        assertEquals("quick", older1.run().mode());
        assertEquals(new Outcome.NotFound("20201122-101500"), load("20201122-101500"));
    }

    @Test
    void noDirectoryOrNoFilesMeansNoResults() throws Exception {
        assertEquals(new Outcome.NoResults(), new ResultsDirectory(null, Json.mapper()).load(null));
        assertEquals(new Outcome.NoResults(), new ResultsDirectory(dir.resolve("missing"), Json.mapper()).load(null));
        Files.writeString(dir.resolve("README"), "results go here");
        assertEquals(new Outcome.NoResults(), load(null));
        assertEquals(new Outcome.NotFound("20261122-101500"), load("20261122-101500"));
    }

    @Test
    void aMalformedNewestFileCannotBeRead() throws Exception {
        ResultsSample.write(dir, "20261121-000000", ResultsSample.json());
        String truncated = ResultsSample.json().substring(0, 500);
        ResultsSample.write(dir, "20261122-000000", truncated);

        var bad = assertInstanceOf(Outcome.Unreadable.class, load(null));
        assertEquals("20261122-000000", bad.id());
        assertTrue(bad.reason().startsWith("not valid JSON of schema webstack-bench/1 (line "), bad.reason());
        assertEquals(List.of("20261122-000000", "20261121-000000"), bad.ids(), "the older run stays reachable");
        found(load("20261121-000000"));
    }

    @Test
    void filesNotOfTheSchemaCannotBeRead() throws Exception {
        String sample = ResultsSample.json();
        assertUnreadable("", "not valid JSON");
        assertUnreadable("null", "a null JSON value");
        assertUnreadable("[]", "not valid JSON");
        assertUnreadable("{\"schema\": \"webstack-bench/1\"} {}", "not valid JSON");
        assertUnreadable(sample.replace("webstack-bench/1", "webstack-bench/2"), "schema is 'webstack-bench/2'");
        assertUnreadable(sample.replace("\"label\": \"Go net/http\", ", ""), "a row without a label");
        assertUnreadable(sample.replace("\"median\": 37.0, ", ""), "a stats object without a median");
        assertUnreadable(sample.replace("\"cores\": 2", "\"cores\": \"two\""), "not valid JSON");
        assertUnreadable(sample.replace("\"median\": 37.0", "\"median\": NaN"), "not valid JSON");
        assertUnreadable(sample.replace("\"rows\": [", "\"rows\": [null, "), "not valid JSON");
        String article = ResultsSample.withArticle(sample, ResultsSample.ARTICLE);
        assertUnreadable(article.replace("\"row\" : \"gin-users\",", ""), "an article figure without a row");
        assertUnreadable(article.replace("\"label\" : \"Go Gin\",", ""), "article figure 'gin-users' without a label");
    }

    private void assertUnreadable(String json, String reason) throws Exception {
        ResultsSample.write(dir, ResultsSample.ID, json);
        var bad = assertInstanceOf(Outcome.Unreadable.class, load(null), json);
        assertTrue(bad.reason().contains(reason), bad.reason());
        assertTrue(!bad.reason().contains(dir.toString()), "no server path in the page's reason: " + bad.reason());
    }

    @Test
    void unknownFieldsAndWholeNumbersAreAccepted() throws Exception {
        String json = ResultsSample.json()
                .replace("\"mode\": \"full\",", "\"mode\": \"full\", \"future\": {\"x\": [1, 2]},")
                .replace("{\"id\": \"tomcat\",", "{\"id\": \"tomcat\", \"gcMs\": 12,")
                .replace("\"median\": 7900.5", "\"median\": 7900")
                .replace("\"started\": \"2026-11-22T10:15:00Z\"", "\"started\": \"2026-11-22T10:15:00+00:00\"")
                .replace("\"goals\": [", "\"goals\": [], \"goals2\": [");
        ResultsSample.write(dir, ResultsSample.ID, json);
        RunResults run = found(load(null));
        assertEquals(7900.0, run.tables().get(0).rows().get(0).siegeTps().median());
        assertEquals(Instant.parse("2026-11-22T10:15:00Z"), run.started());
        assertEquals(List.of(), run.goals());
    }

    @Test
    void missingListsReadAsEmpty() throws Exception {
        ResultsSample.write(dir, ResultsSample.ID, "{\"schema\": \"webstack-bench/1\", \"id\": \"" + ResultsSample.ID + "\"}");
        RunResults run = found(load(null));
        assertEquals(List.of(), run.tables());
        assertEquals(List.of(), run.unavailable());
        assertNull(run.machine());
    }

    private static final String FAULTS = """
            {"schema": "webstack-faults/1", "id": "%s", "command": "bench/faults", "topology": "five hosts",
             "faults": [{"fault": "partition", "reads": 900, "failedReads": 0, "reads503DuringOutage": 0,
               "maxOutage503Seconds": 0, "readP99Seconds": 0.2, "readMaxSeconds": 2.1, "retriedOnAnother": 12, "writes": 80,
               "acknowledged": 78, "ambiguous": 2, "ambiguousPresent": 1, "lost": 0, "duplicated": 0,
               "unaccounted": 0, "recoverySeconds": 2.5, "problems": [], "servedByVictim": 300}]}
            """;

    @Test
    void theNewestFaultRunIsReadBesideTheBenchRuns() throws Exception {
        Files.writeString(dir.resolve("faults-20261201-100000.json"), FAULTS.formatted("20261201-100000"));
        Files.writeString(dir.resolve("faults-20261202-100000.json"), FAULTS.formatted("20261202-100000"));
        Files.writeString(dir.resolve("faults-latest.json"), "not one of them");
        Files.writeString(dir.resolve("faults-20261201-110000.json"),
                FAULTS.formatted("20261201-110000").replace("\"command\"", "\"database\": \"galera\", \"command\""));
        List<FaultRun> runs = new ResultsDirectory(dir, Json.mapper()).latestFaults();
        // The newest of each database tier, one MariaDB first.
        assertEquals(List.of("20261202-100000", "20261201-110000"), runs.stream().map(FaultRun::id).toList());
        assertEquals(List.of("single", "galera"), runs.stream().map(FaultRun::database).toList());
        FaultRun run = runs.get(0);
        FaultRun.Fault partition = run.faults().get(0);
        assertEquals("partition", partition.fault());
        assertEquals(78, partition.acknowledged());
        assertEquals(2.5, partition.recoverySeconds());
        // A faults file is not a bench/run: the list of runs leaves it out.
        assertInstanceOf(Outcome.NoResults.class, load(null));
    }

    @Test
    void aFaultRunThatCannotBeReadIsLeftOut() throws Exception {
        Files.writeString(dir.resolve("faults-20261202-100000.json"), FAULTS.formatted("x").replace("webstack-faults/1", "other/2"));
        Files.writeString(dir.resolve("faults-20261202-110000.json"),
                FAULTS.formatted("y").replace("\"command\"", "\"database\": \"sqlite\", \"command\""));
        assertTrue(new ResultsDirectory(dir, Json.mapper()).latestFaults().isEmpty());
        assertTrue(new ResultsDirectory(null, Json.mapper()).latestFaults().isEmpty());
    }

    @Test
    void theCommittedFaultRunsReadAndPassedEveryCheck() {
        List<FaultRun> runs = new ResultsDirectory(TomcatInstance.PROJECT.resolve("bench/results"), Json.mapper()).latestFaults();
        assertEquals(List.of("single", "galera"), runs.stream().map(FaultRun::database).toList(),
                "a faults-ID.json of each database tier in bench/results");
        assertEquals(List.of("partition", "host-loss", "db-restart", "proxy-reload", "rolling-restart"),
                runs.get(0).faults().stream().map(FaultRun.Fault::fault).toList());
        assertEquals(List.of("writer-kill", "db-partition", "db-wipe", "cluster-restart"),
                runs.get(1).faults().stream().map(FaultRun.Fault::fault).toList());
        runs.forEach(run -> run.faults().forEach(f -> assertEquals(List.of(), f.problems(), f.fault())));
    }
}
