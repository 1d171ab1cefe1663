package webstack.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import webstack.testing.Needs;
import webstack.testing.Service;
import webstack.results.ResultsSchema;
import webstack.testing.TomcatInstance;

/**
 * The CI smoke test of the benchmark harness: {@code bench/run --quick} starts every target
 * (Tomcat, the clusters, nginx, the Go and Python peers), measures each once and writes the
 * JSON (of bench/results.schema.json), the report and the charts; and Ctrl-C in the middle of
 * a run leaves nothing behind.
 * It checks the harness, not the speed: no figure is compared with anything.
 */
@Needs({Service.BENCH_TOOLS, Service.NGINX})
class BenchRunIT {

    private static final Path DIR = TomcatInstance.PROJECT.resolve("target/it/bench-run");
    private static final Pattern RUN = Pattern.compile("run (\\d{8}-\\d{6}), logs in (\\S+)");

    @Test
    void quickRunMeasuresEveryTargetAndWritesTheResults() throws Exception {
        Path out = DIR.resolve("results");
        TomcatInstance.deleteTree(out);
        Path log = DIR.resolve("quick.log");
        Process run = start(log, "--quick", "--no-install", "--out", out.toString());
        // Starting the servers about 40 s, warming each up 1 min, the pages 75 s, the user API 2-3 min:
        // with split placement the servers and MariaDB share one core, where bcrypt backlogs drain
        // slowly (6m53s once, with a warm-up of 3 loads and another run on the machine). The
        // Galera row adds its cluster's start (about 45 s: three nodes, two rsync state transfers)
        // and a row in each user API table.
        if (!run.waitFor(720, TimeUnit.SECONDS)) {
            TomcatInstance.stop(run);
            fail("bench/run --quick did not finish in 720 s: " + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(0, run.exitValue(), output);
        assertNothingLeft(output);

        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
        assertEquals(1, files.size(), "one results file in " + out);
        Path json = files.get(0);
        String id = json.getFileName().toString().replace(".json", "");
        ResultsSchema.assertValid(json);
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertEquals(id, results.get("id").asText());
        assertEquals("quick", results.get("mode").asText());

        List<String> tableIds = new ArrayList<>();
        results.get("tables").forEach(t -> tableIds.add(t.get("id").asText()));
        assertEquals(List.of("hello-procs-1", "json-c200", "users-read", "users-list", "users-create", "users-mix"),
                tableIds);
        // The FastAPI user service is its own branch until it lands: until then its rows say so.
        boolean fastApiHere = Files.isDirectory(TomcatInstance.PROJECT.resolve("bench/peers/fastapi-users"));

        String report = Files.readString(out.resolve(id + ".md"));
        for (JsonNode table : results.get("tables")) {
            assertTrue(report.contains("## " + table.get("title").asText()), table.get("title").asText());
            for (JsonNode row : table.get("rows")) {
                String where = table.get("id").asText() + "/" + row.get("id").asText();
                if (!fastApiHere && row.get("id").asText().startsWith("fastapi-users")) {
                    assertEquals("skipped", row.get("status").asText(), where);
                    assertTrue(row.get("reason").asText().contains("not in this checkout"), where);
                    continue;
                }
                // CI installs every runtime (bench/install): every target must have run.
                assertEquals("ok", row.get("status").asText(), where + ": " + row.path("reason").asText());
                assertTrue(row.get("wrkRps").get("median").asDouble() > 0, where);
                assertTrue(row.get("rssMiB").get("median").asDouble() > 1, where + " RSS");
                // Warmed up before it was measured (quick mode: once per server, in its first table).
                assertTrue(row.get("warmup").get("loads").asInt() >= 1, where + " warm-up");
                assertTrue(report.contains("| " + row.get("label").asText() + " |"), where + " in the report");
                if (table.get("id").asText().startsWith("hello")) {
                    assertTrue(row.get("siegeTps").get("median").asDouble() > 0, where + " siege");
                }
            }
            Path chart = out.resolve(id).resolve(table.get("chart").asText());
            byte[] head = new byte[8];
            System.arraycopy(Files.readAllBytes(chart), 0, head, 0, 8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, chart.toString());
        }
        assertEquals(17, results.get("tables").get(0).get("rows").size(), "every /Hello/100 target");
        assertEquals(7, results.get("tables").get(2).get("rows").size(),
                "Java, Gin and FastAPI, direct and behind nginx, and Java on a Galera cluster");
        assertEquals("tomcat-galera", results.get("tables").get(2).get("rows").get(1).get("id").asText());
        assertTrue(report.contains("## Cost of safety: Tomcat direct on a three-node Galera cluster"),
                "the Galera / single ratios");
        assertTrue(report.contains("## The article's user API on this machine"), "the article's table");
        assertTrue(report.contains("Tomcat / Gin req/s"), "the ratios of the Java rows to the peers");
        assertTrue(results.get("goals").size() >= 8, "the Java rows' goals are evaluated");
        String placement = Runtime.getRuntime().availableProcessors() >= 2 ? "split" : "shared";
        assertEquals(placement, results.get("settings").get("placement").get("mode").asText(), "the default placement");
        assertTrue(report.contains("Placement: " + placement), "the report states the placement");
        assertTrue(results.get("unavailable").toString().contains("twister"), "systems that cannot run are listed");
    }

    @Test
    void ctrlCStopsEverythingItStarted() throws Exception {
        Path out = DIR.resolve("interrupted");
        TomcatInstance.deleteTree(out);
        Path log = DIR.resolve("interrupted.log");
        Process run = start(log, "--quick", "--no-install", "--sections", "hello", "--out", out.toString());
        // Wait until the servers are up and the first measurement runs, then press Ctrl-C.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.readString(log).contains("round 1/1")) {
            if (System.nanoTime() > deadline || !run.isAlive()) {
                TomcatInstance.stop(run);
                fail("bench/run never started measuring: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();
        if (!run.waitFor(60, TimeUnit.SECONDS)) {
            TomcatInstance.stop(run);
            fail("bench/run did not stop within 60 s of Ctrl-C: " + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(130, run.exitValue(), output);
        assertTrue(output.contains("interrupted"), output);
        assertNothingLeft(output);
        assertTrue(!Files.exists(out) || Files.list(out).findAny().isEmpty(), "no results from an interrupted run");
    }

    private static Process start(Path log, String... args) throws IOException {
        Files.createDirectories(DIR);
        var command = new ArrayList<String>();
        command.add(TomcatInstance.PROJECT.resolve("bench/run").toString());
        command.addAll(List.of(args));
        return TomcatInstance.launch(command, Map.of(), log);
    }

    /**
     * No process is left that bench/run started: none with WEBSTACK_BENCH_RUN=id in its
     * environment (every child inherits it) or the run's working directory in its command line
     * (nginx rewrites its environment area for its process titles).
     */
    private static void assertNothingLeft(String output) throws IOException {
        Matcher m = RUN.matcher(output);
        assertTrue(m.find(), "bench/run names its run and working directory: " + output);
        String marker = "WEBSTACK_BENCH_RUN=" + m.group(1);
        String work = m.group(2);
        List<String> left = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    String environ = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    if (cmdline.contains(work) || environ.contains(marker)) left.add(p.getFileName() + ": " + cmdline);
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        assertEquals(List.of(), left, "processes left running by bench/run");
    }
}
