package webstack.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import webstack.testing.Needs;
import webstack.testing.Service;
import webstack.testing.TomcatInstance;

/**
 * {@code deploy/testbed}: test hosts as network namespaces on one bridge. A host reaches
 * another across it, a link taken down cuts that host off until it comes up again, a killed
 * host has no process left, and {@code down} leaves no namespace, veth or bridge behind.
 * And {@code deploy/hosts} refuses an inventory it cannot follow, saying where and why.
 */
@Needs(Service.NETNS)
class NamespaceTestbedIT {

    private static final Path DIR = TomcatInstance.PROJECT.resolve("target/it/testbed");
    private static final Map<String, String> ENV = Map.of("TESTBED_NAME", "wsit", "TESTBED_APPS", "2",
            "TESTBED_DIR", DIR.resolve("bed").toString());

    @Test
    void hostsReachEachOtherUntilALinkGoesDownAndNothingIsLeftAfterwards() throws Exception {
        try {
            Result up = run("deploy/testbed", "up");
            assertEquals(0, up.code, up.output);
            String inventory = Files.readString(DIR.resolve("bed/hosts"));
            assertTrue(inventory.contains("proxy proxy 198.18.0.10 via=netns:wsit-proxy"), inventory);
            assertTrue(inventory.contains("app app2 198.18.0.12 via=ssh:root@198.18.0.12 ssh_config="), inventory);
            assertTrue(inventory.contains("db db 198.18.0.20 via=netns:wsit-db"), inventory);
            assertFalse(inventory.contains("app3"), inventory);

            // A listener on app1, on its own address only; the proxy host connects to it.
            Process listener = TomcatInstance.launch(List.of(TomcatInstance.PROJECT.resolve("deploy/testbed").toString(),
                    "exec", "app1", "python3", "-m", "http.server", "--bind", "198.18.0.11", "8080"), ENV,
                    DIR.resolve("listener.log"));
            try {
                assertTrue(reaches("proxy", "198.18.0.11", 8080, 40), "the proxy host reaches app1");
                assertFalse(reaches("app1", "127.0.0.1", 8080, 1), "bound to its testbed address only");
                Result status = run("deploy/testbed", "status");
                assertTrue(status.output.matches("(?s).*app1 +198\\.18\\.0\\.11 +link UP +[1-9].*"), status.output);

                assertEquals(0, run("deploy/testbed", "link", "app1", "down").code);
                assertFalse(reaches("proxy", "198.18.0.11", 8080, 1), "partitioned: app1 cannot be reached");
                assertEquals(0, run("deploy/testbed", "link", "app1", "up").code);
                assertTrue(reaches("proxy", "198.18.0.11", 8080, 20), "reached again once its link is up");

                Result kill = run("deploy/testbed", "kill", "app1");
                assertEquals(0, kill.code, kill.output);
                assertTrue(listener.waitFor(10, TimeUnit.SECONDS), "the host's process is gone");
                assertTrue(run("deploy/testbed", "status").output.matches("(?s).*app1 +198\\.18\\.0\\.11 +link UP +0 .*"));
                assertEquals(255, ssh("198.18.0.11").code, "its sshd is gone too");
                assertEquals(0, run("deploy/testbed", "boot", "app1").code);
                Result in = ssh("198.18.0.11");
                assertEquals(0, in.code, in.output);
                assertTrue(in.output.contains("inet 198.18.0.11/24"), "a shell on app1: " + in.output);
            } finally {
                listener.destroyForcibly();
            }
        } finally {
            Result down = run("deploy/testbed", "down");
            assertEquals(0, down.code, down.output);
        }
        assertFalse(run("ip", "netns", "list").output.contains("wsit-"), "no namespace left");
        assertFalse(run("ip", "link").output.contains("wsit-"), "no veth or bridge left");
    }

    @Test
    void anInventoryThatCannotBeFollowedIsRefusedWithWhereAndWhy() throws Exception {
        Files.createDirectories(DIR);
        String[][] cases = {
                {"proxy p 198.18.0.10\napp a 198.18.0.11 instances=2\ndb d 198.18.0.20 color=blue\n", "line 3: unknown key 'color'"},
                {"proxy p 198.18.0.10\napp a 198.18.0.11\n", "no db host"},
                {"proxy p 198.18.0.10\nproxy q 198.18.0.14\n", "line 2: one proxy host only"},
                {"proxy p 198.18.0.300x\n", "line 1: ADDRESS must be an IPv4 address"},
                {"proxy p 198.18.0.10 via=ssh:root@h;rm\n", "line 1: via is ssh:[USER@]HOST, netns:NAME or local"},
                {"set CLUSTER_PORT=$(id)\n", "line 1: set takes one NAME=VALUE"},
                {"app a 198.18.0.11 manage=yes\n", "line 1: manage (yes or no) is for the db host"},
                {"proxy p 198.18.0.10\napp a 198.18.0.11\ndb d1 198.18.0.21 manage=yes\ndb d2 198.18.0.22 manage=yes\n",
                        "a Galera cluster needs 3 db hosts or more"},
                {"proxy p 198.18.0.10\napp a 198.18.0.11\ndb d1 198.18.0.21 manage=yes\ndb d2 198.18.0.22 manage=yes\n"
                        + "db d3 198.18.0.23\n", "db host d3: a Galera node is started by deploy/hosts (manage=yes)"},
                {"proxy p 198.18.0.10\napp a 198.18.0.11 galera_port=4567\n", "line 2: galera_port (a port, it and the next two) is for db hosts"},
                {"proxy p 198.18.0.10\napp a 198.18.0.11\ndb d 198.18.0.20\n", "db-bootstrap is for a Galera cluster", "db-bootstrap"},
        };
        for (String[] c : cases) {
            Path inventory = DIR.resolve("inventory");
            Files.writeString(inventory, c[0]);
            Result r = run("deploy/hosts", "-i", inventory.toString(), c.length > 2 ? c[2] : "status");
            assertEquals(1, r.code, c[0]);
            assertTrue(r.output.contains(c[1]), c[0] + " -> " + r.output);
        }
    }

    /**
     * {@code db-bootstrap} starts the whole Galera cluster from the most advanced node's data,
     * and refuses when it cannot tell which that is: here the nodes' saved states (grastate.dat,
     * on this machine: via=local) belong to two clusters, then one node crashed with nothing
     * InnoDB can recover. It starts nothing either way.
     */
    @Test
    void aClusterRestartThatCannotTellTheMostAdvancedNodeIsRefused() throws Exception {
        Path hosts = DIR.resolve("galera-state");
        TomcatInstance.deleteTree(hosts);
        StringBuilder inventory = new StringBuilder("proxy p 198.18.0.10 via=local dir=" + hosts.resolve("p") + "\n"
                + "app a 198.18.0.11 via=local dir=" + hosts.resolve("a") + "\n");
        String[] grastate = {"1111aaaa-0000-11f1-8000-000000000001 7 0", "1111aaaa-0000-11f1-8000-000000000001 9 0",
                "2222bbbb-0000-11f1-8000-000000000002 12 0"};
        for (int i = 1; i <= 3; i++) {
            Path dir = hosts.resolve("d" + i);
            Files.createDirectories(dir.resolve("mysql/data/mysql"));
            // The kit deploy/hosts up would copy there: this checkout.
            Files.createSymbolicLink(dir.resolve("kit"), TomcatInstance.PROJECT);
            String[] state = grastate[i - 1].split(" ");
            Files.writeString(dir.resolve("mysql/data/grastate.dat"), "# GALERA saved state\nversion: 2.1\nuuid:    "
                    + state[0] + "\nseqno:   " + state[1] + "\nsafe_to_bootstrap: " + state[2] + "\n");
            inventory.append("db d").append(i).append(" 198.18.0.2").append(i).append(" via=local manage=yes port=")
                    .append(3390 + i).append(" dir=").append(dir).append("\n");
        }
        Path file = hosts.resolve("inventory");
        Files.writeString(file, inventory.toString());
        Result r = run("deploy/hosts", "-i", file.toString(), "db-bootstrap");
        assertEquals(1, r.code, r.output);
        assertTrue(r.output.contains("d1: saved state 1111aaaa-0000-11f1-8000-000000000001 7 0"), r.output);
        assertTrue(r.output.contains("d3 belongs to another cluster (2222bbbb-0000-11f1-8000-000000000002, not "
                + "1111aaaa-0000-11f1-8000-000000000001): db-bootstrap HOST chooses"), r.output);
        assertFalse(r.output.contains("bootstrapping the cluster from"), r.output);

        // The same cluster, but d2 crashed (seqno -1) and holds no InnoDB data to recover from.
        Files.writeString(hosts.resolve("d3/mysql/data/grastate.dat"), Files.readString(hosts.resolve("d1/mysql/data/grastate.dat")));
        Files.writeString(hosts.resolve("d2/mysql/data/grastate.dat"),
                Files.readString(hosts.resolve("d1/mysql/data/grastate.dat")).replace("seqno:   7", "seqno:   -1"));
        r = run("deploy/hosts", "-i", file.toString(), "db-bootstrap");
        assertEquals(1, r.code, r.output);
        assertTrue(r.output.contains("no position recovered"), r.output);
        assertTrue(r.output.contains("d2: its saved state cannot be read: cannot tell which node is the most advanced "
                + "(db-bootstrap HOST chooses)"), r.output);
        assertFalse(r.output.contains("bootstrapping the cluster from"), r.output);
        TomcatInstance.deleteTree(hosts);
    }

    /** {@code ip -4 addr} on the host at ADDRESS, over ssh with the testbed's key and configuration. */
    private static Result ssh(String address) throws Exception {
        return run("ssh", "-F", DIR.resolve("bed/ssh/config").toString(), "root@" + address, "ip", "-4", "addr");
    }

    /** Whether FROM opens a TCP connection to ADDRESS:PORT within about TRIES seconds. */
    private static boolean reaches(String from, String address, int port, int tries) throws Exception {
        for (int i = 0; i <= tries; i++) {
            Result r = run("deploy/testbed", "exec", from, "timeout", "1", "bash", "-c",
                    "exec 3<>/dev/tcp/" + address + "/" + port);
            if (r.code == 0) return true;
            if (i < tries) Thread.sleep(1000);
        }
        return false;
    }

    private record Result(int code, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        if (cmd.get(0).startsWith("deploy/")) cmd.set(0, TomcatInstance.PROJECT.resolve(cmd.get(0)).toString());
        Files.createDirectories(DIR);
        Path log = DIR.resolve("command.log");
        Process p = TomcatInstance.launch(cmd, ENV, log);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), Files.readString(log));
    }
}
