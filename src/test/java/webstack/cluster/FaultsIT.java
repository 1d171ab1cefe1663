package webstack.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import webstack.testing.Needs;
import webstack.testing.Service;
import webstack.testing.TomcatInstance;

/**
 * The several-hosts cluster under faults ({@code bench/faults}): deploy/testbed's five
 * namespace hosts, the cluster on them by deploy/hosts from the testbed's inventory, and for
 * each fault a mixed load through nginx whose every answer is in a ledger, checked against the
 * database afterwards; and a rolling restart ({@code deploy/hosts rolling-restart}) the same
 * way. Here the ledger's figures are asserted one by one: no GET failed where
 * another app host could serve it, no acknowledged write lost or doubled, every row accounted
 * for, the database's outage answered with 503s within the pool timeout, every fault recovered.
 */
@Needs({Service.NETNS, Service.NGINX, Service.MARIADB_SERVER, Service.GALERA, Service.HAPROXY})
class FaultsIT {

    private static final Path OUT = TomcatInstance.PROJECT.resolve("target/it/faults");

    @Test
    void partitionHostLossDatabaseRestartProxyReloadAndRollingRestartLoseNothing() throws Exception {
        // The cluster up about 90 s, four faults of 30 s, a rolling restart of about a minute,
        // their checks, the cluster down.
        Run run = Run.of(OUT.resolve("single"), 540, "--seconds", "30");
        JsonNode results = run.results;
        List<String> faults = new ArrayList<>();
        for (JsonNode row : results.get("faults")) {
            String fault = row.get("fault").asText();
            faults.add(fault);
            String where = fault + ": " + row;
            assertLedgerHeld(row, where);
            if (List.of("partition", "host-loss", "db-restart").contains(fault)) {
                assertNotNull(row.get("recoverySeconds").numberValue(), where);
                assertTrue(row.get("recoverySeconds").asDouble() < 60, where);
            }
            if (fault.equals("db-restart")) {
                assertTrue(row.get("reads503DuringOutage").asInt() > 0, where);
                assertTrue(row.get("maxOutage503Seconds").asDouble() <= 4.0, where);
            }
            if (fault.equals("partition") || fault.equals("host-loss")) {
                assertTrue(row.get("servedByVictim").asInt() > 0, "the victim served again: " + where);
            }
        }
        assertEquals(List.of("partition", "host-loss", "db-restart", "proxy-reload", "rolling-restart"), faults);
        run.passedAndCleanedUp();
    }

    /**
     * The Galera tier ({@code bench/faults --db galera}): three db hosts behind HAProxy, the
     * writer killed, the writer cut off for 10 s, a node's data directory lost, the whole
     * cluster killed and bootstrapped again. GETs fail only while HAProxy moves off a failed
     * writer (or, all nodes down, with 503s in the pool's timeout); every acknowledged write
     * is on every node once; each victim is back in step by the state transfer it should take.
     */
    @Test
    void galeraWriterKillPartitionDataLossAndClusterRestartLoseNothing() throws Exception {
        // Three nodes up (two by full state transfer) and the cluster about two minutes, four
        // faults of 30 s or more (a full copy, a bootstrap), the cluster down.
        Run run = Run.of(OUT.resolve("galera"), 720, "--db", "galera", "--seconds", "30");
        assertEquals("galera", run.results.get("database").asText());
        List<String> faults = new ArrayList<>();
        for (JsonNode row : run.results.get("faults")) {
            String fault = row.get("fault").asText();
            faults.add(fault);
            String where = fault + ": " + row;
            assertLedgerHeld(row, where);
            assertEquals(0, row.get("nodesDisagree").size(), where);
            assertNotNull(row.get("recoverySeconds").numberValue(), where);
            switch (fault) {
                case "writer-kill", "db-partition" -> {
                    // HAProxy left the failed writer within its checks (2 failed, 1 s apart, each
                    // at most its timeout), and the writer before is not the writer after.
                    assertTrue(row.get("failoverSeconds").asDouble() < 10, where);
                    assertEquals(row.get("writerBefore").asText(), row.get("victim").asText(), where);
                    assertEquals("IST", row.get("stateTransfer").asText(), where);
                }
                case "db-wipe" -> {
                    assertEquals("SST", row.get("stateTransfer").asText(), where);
                    assertEquals(0, row.get("readsFailedInWindow").asInt(), where);
                }
                case "cluster-restart" -> {
                    assertTrue(row.get("reads503DuringOutage").asInt() > 0, where);
                    assertTrue(row.get("maxOutage503Seconds").asDouble() <= 4.0, where);
                }
                default -> fail("an unknown fault: " + where);
            }
        }
        assertEquals(List.of("writer-kill", "db-partition", "db-wipe", "cluster-restart"), faults);
        run.passedAndCleanedUp();
    }

    /**
     * What every fault's row must show, on either tier: a load that ran, no GET failed where
     * it had to succeed, no acknowledged write lost or doubled, every row accounted for, and
     * no check of bench/faults' own failed.
     */
    private static void assertLedgerHeld(JsonNode row, String where) {
        assertTrue(row.get("reads").asInt() > 100, where);
        assertEquals(0, row.get("failedReads").asInt(), where);
        assertTrue(row.get("acknowledged").asInt() > 10, where);
        assertEquals(0, row.get("lost").asInt(), where);
        assertEquals(0, row.get("duplicated").asInt(), where);
        assertEquals(0, row.get("unaccounted").asInt(), where);
        assertEquals(0, row.get("problems").size(), where);
    }

    /** One bench/faults run, finished, and its results. */
    private record Run(Process process, String output, Path json, JsonNode results) {

        static Run of(Path out, int seconds, String... args) throws Exception {
            TomcatInstance.deleteTree(out);
            Files.createDirectories(out);
            Path log = out.resolve("faults.log");
            var command = new ArrayList<>(List.of(TomcatInstance.PROJECT.resolve("bench/faults").toString(), "--out", out.toString()));
            command.addAll(List.of(args));
            Process run = TomcatInstance.launch(command, Map.of(), log);
            if (!run.waitFor(seconds, TimeUnit.SECONDS)) {
                TomcatInstance.stop(run);
                fail("bench/faults did not finish in " + seconds + " s: " + Files.readString(log));
            }
            String output = Files.readString(log);
            Path json;
            try (Stream<Path> files = Files.list(out)) {
                json = files.filter(p -> p.getFileName().toString().matches("faults-\\d{8}-\\d{6}\\.json"))
                        .findFirst().orElseThrow(() -> new AssertionError("no results: " + output));
            }
            JsonNode results = new ObjectMapper().readTree(json.toFile());
            assertEquals("webstack-faults/1", results.get("schema").asText());
            return new Run(run, output, json, results);
        }

        void passedAndCleanedUp() throws Exception {
            assertEquals(0, process.exitValue(), output);
            String report = Files.readString(Path.of(json.toString().replace(".json", ".md")));
            assertTrue(report.contains("Checks: every one passed."), report);
            Process netns = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            String namespaces = new String(netns.getInputStream().readAllBytes());
            assertTrue(netns.waitFor(10, TimeUnit.SECONDS));
            assertFalse(namespaces.contains("wsf-"), "the testbed is gone: " + namespaces);
        }
    }
}
