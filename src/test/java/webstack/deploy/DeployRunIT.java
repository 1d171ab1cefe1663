package webstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import webstack.testing.Http;
import webstack.testing.TomcatInstance;

/**
 * deploy/run itself: its help, its errors, and that Ctrl-C leaves nothing running; and the
 * instance configuration it shares with deploy/cluster and a host's systemd unit (the
 * defaults and checks of deploy/tomcat/defaults.sh).
 */
class DeployRunIT {

    private static final Path RUN = TomcatInstance.PROJECT.resolve("deploy/run");
    private static final Path CLUSTER = TomcatInstance.PROJECT.resolve("deploy/cluster");
    private static final Path TOMCAT_CONF = TomcatInstance.PROJECT.resolve("deploy/tomcat");
    private static final Path DIR = TomcatInstance.PROJECT.resolve("target/it/deploy-run");

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> args, Map<String, String> env) throws Exception {
        return run(RUN, args, env);
    }

    private static Result run(Path script, List<String> args, Map<String, String> env) throws Exception {
        Files.createDirectories(DIR);
        Path log = DIR.resolve("out-" + System.nanoTime() + ".log");
        var command = new java.util.ArrayList<String>();
        command.add(script.toString());
        command.addAll(args);
        Process p = TomcatInstance.launch(command, env, log);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            TomcatInstance.stop(p);
            throw new AssertionError(script.getFileName() + " did not exit: " + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    /** Every instance setting with a plain default, as webstack_instance_defaults in defaults.sh sets it. */
    private static Map<String, String> instanceDefaults() throws IOException {
        String file = Files.readString(TOMCAT_CONF.resolve("defaults.sh"));
        int start = file.indexOf("webstack_instance_defaults() {");
        String body = file.substring(start, file.indexOf("\n}", start));
        var defaults = new LinkedHashMap<String, String>();
        var m = Pattern.compile("^ *: \"\\$\\{([A-Z_]+):=([^$}]+)\\}\"", Pattern.MULTILINE).matcher(body);
        while (m.find()) defaults.put(m.group(1), m.group(2));
        return defaults;
    }

    private static Map<String, String> prebuilt() {
        return Map.of("APP_WAR", TomcatInstance.WAR.toString(),
                "APP_DATA_DIR", DIR.resolve("data").toString(),
                "CATALINA_BASE", DIR.resolve("base").toString());
    }

    @Test
    void helpNamesTheSettings() throws Exception {
        var r = run(List.of("--help"), Map.of());
        assertEquals(0, r.exit());
        for (String word : new String[] {"--port", "APP_PORT", "APP_HEAP", "APP_DATA_DIR", "APP_THREADS", "APP_BENCH_DIR", "Ctrl-C"}) {
            assertTrue(r.output().contains(word), "help mentions " + word);
        }
    }

    @Test
    void helpShowsTheDefaultsOfDefaultsSh() throws Exception {
        var help = run(List.of("--help"), Map.of()).output();
        var defaults = instanceDefaults();
        assertTrue(defaults.keySet().containsAll(List.of("APP_PORT", "APP_HEAP", "APP_GC", "APP_THREADS")), defaults.toString());
        for (var d : defaults.entrySet()) {
            var line = help.lines().filter(l -> l.startsWith("  " + d.getKey() + " ")).findFirst();
            assertTrue(line.isPresent(), "help lists " + d.getKey());
            assertTrue(line.get().endsWith("(default " + d.getValue() + ")"), line.get());
        }
        assertTrue(help.contains("(default ./data)"), "deploy/run keeps its data in the checkout: " + help);
    }

    @Test
    void clusterRefusesTheSameBadSettingsWithTheSameMessage() throws Exception {
        var bad = List.of(Map.of("APP_HEAP", "lots"), Map.of("APP_HEAP_INITIAL", "1.5g"), Map.of("APP_GC", "zgc"),
                Map.of("APP_SOCKET_BUFFER", "12"), Map.of("APP_THREADS", "many"), Map.of("APP_ACCESS_LOG", "yes"),
                Map.of("APP_LOG_FORMAT", "xml"));
        for (var setting : bad) {
            var runEnv = new HashMap<>(prebuilt());
            runEnv.putAll(setting);
            var byRun = run(List.of("--port", "1"), runEnv);
            var clusterEnv = new HashMap<>(setting);
            clusterEnv.put("CLUSTER_DIR", DIR.resolve("cluster").toString());
            var byCluster = run(CLUSTER, List.of("up", "1"), clusterEnv);
            assertNotEquals(0, byRun.exit(), byRun.output());
            assertNotEquals(0, byCluster.exit(), byCluster.output());
            assertTrue(byRun.output().startsWith("deploy/run: " + setting.keySet().iterator().next() + " must "),
                    byRun.output());
            assertEquals(byRun.output().strip().replace("deploy/run: ", "deploy/cluster: "), byCluster.output().strip());
        }
        var r = run(CLUSTER, List.of("up", "1"), Map.of("CLUSTER_DIR", DIR.resolve("cluster").toString(),
                "CLUSTER_BASE_PORT", "http"));
        assertNotEquals(0, r.exit());
        assertEquals("deploy/cluster: CLUSTER_BASE_PORT must be a number from 1 to 65535, got 'http'", r.output().strip());
    }

    /**
     * A CATALINA_BASE made by hand, as on a host run by deploy/systemd/tomcat@.service: setenv.sh
     * takes its defaults and checks from the defaults.sh beside it, without deploy/run.
     */
    @Test
    void instanceMadeByHandReadsTheDefaultsBesideSetenv() throws Exception {
        Path base = DIR.resolve("by-hand");
        TomcatInstance.deleteTree(base);
        Path conf = Files.createDirectories(base.resolve("conf"));
        try (Stream<Path> files = Files.list(TomcatInstance.CATALINA_HOME.resolve("conf"))) {
            for (Path f : files.toList()) Files.copy(f, conf.resolve(f.getFileName()));
        }
        Files.copy(TOMCAT_CONF.resolve("server.xml"), conf.resolve("server.xml"), StandardCopyOption.REPLACE_EXISTING);
        Path bin = Files.createDirectories(base.resolve("bin"));
        Files.copy(TOMCAT_CONF.resolve("setenv.sh"), bin.resolve("setenv.sh"));
        Files.copy(TOMCAT_CONF.resolve("defaults.sh"), bin.resolve("defaults.sh"));
        Files.createDirectories(base.resolve("webapps"));
        Files.createDirectories(base.resolve("logs"));
        Files.copy(TomcatInstance.WAR, base.resolve("webapps/ROOT.war"));
        List<String> catalina = List.of(TomcatInstance.CATALINA_HOME.resolve("bin/catalina.sh").toString(), "run");
        int port = TomcatInstance.freePort();
        var env = new HashMap<>(Map.of("CATALINA_HOME", TomcatInstance.CATALINA_HOME.toString(),
                "CATALINA_BASE", base.toString(), "APP_PORT", Integer.toString(port), "APP_HEAP", "128m"));

        Process tomcat = TomcatInstance.launch(catalina, env, base.resolve("console.log"));
        try {
            TomcatInstance.awaitHealthy(tomcat, java.net.URI.create("http://127.0.0.1:" + port + "/health"),
                    base.resolve("console.log"));
            String args = new String(Files.readAllBytes(Path.of("/proc/" + tomcat.pid() + "/cmdline"))).replace('\0', ' ');
            var defaults = instanceDefaults();
            assertTrue(args.contains(" -Xmx128m ") && args.contains(" -Xms" + defaults.get("APP_HEAP_INITIAL") + " ")
                    && args.contains(" -Dapp.threads=" + defaults.get("APP_THREADS") + " ")
                    && args.contains(" -Dapp.data-dir=" + base.resolve("data") + " "), args);
        } finally {
            TomcatInstance.stop(tomcat);
        }

        env.put("APP_GC", "zgc");
        var bad = TomcatInstance.launch(catalina, env, base.resolve("bad.log"));
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(0, bad.exitValue());
        assertEquals("setenv.sh: APP_GC must be serial, parallel or g1, got 'zgc'", Files.readString(base.resolve("bad.log")).strip());

        Files.delete(bin.resolve("defaults.sh"));
        var alone = TomcatInstance.launch(catalina, env, base.resolve("alone.log"));
        assertTrue(alone.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(0, alone.exitValue());
        assertTrue(Files.readString(base.resolve("alone.log")).startsWith("setenv.sh: no defaults.sh beside it"),
                Files.readString(base.resolve("alone.log")));
    }

    @Test
    void portInUseIsAOneLineError() throws Exception {
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var r = run(List.of("--port", Integer.toString(taken.getLocalPort())), prebuilt());
            assertNotEquals(0, r.exit());
            assertEquals("deploy/run: port " + taken.getLocalPort()
                    + " on 127.0.0.1 is already in use (choose another with --port)", r.output().strip());
        }
    }

    @Test
    void badArgumentsAreOneLineErrors() throws Exception {
        var r = run(List.of("--port", "http"), prebuilt());
        assertNotEquals(0, r.exit());
        assertEquals("deploy/run: port must be a number from 1 to 65535, got 'http'", r.output().strip());

        r = run(List.of("--frobnicate"), prebuilt());
        assertNotEquals(0, r.exit());
        assertEquals("deploy/run: unknown argument '--frobnicate' (see deploy/run --help)", r.output().strip());

        r = run(List.of("--port", "1"), Map.of("APP_HEAP", "lots", "APP_WAR", TomcatInstance.WAR.toString()));
        assertNotEquals(0, r.exit());
        assertEquals("deploy/run: APP_HEAP must look like 256m or 1g, got 'lots'", r.output().strip());

        r = run(List.of("--port", "1"), Map.of("APP_GC", "zgc", "APP_WAR", TomcatInstance.WAR.toString()));
        assertNotEquals(0, r.exit());
        assertEquals("deploy/run: APP_GC must be serial, parallel or g1, got 'zgc'", r.output().strip());

        r = run(List.of("--port", "1"), Map.of("APP_SOCKET_BUFFER", "12", "APP_WAR", TomcatInstance.WAR.toString()));
        assertNotEquals(0, r.exit());
        assertEquals("deploy/run: APP_SOCKET_BUFFER must be a number of bytes, at least 1024, got '12'",
                r.output().strip());
    }

    @Test
    void interruptStopsTomcatAndLeavesNoProcess() throws Exception {
        try (var tomcat = TomcatInstance.start("deploy-run-sigint", Map.of())) {
            assertEquals(200, Http.get(tomcat.uri("/Hello/1")).statusCode());
            // Ctrl-C in a terminal is SIGINT to the foreground process.
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(tomcat.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(tomcat.process().waitFor(30, TimeUnit.SECONDS), "Tomcat stopped on SIGINT");
            String base = tomcat.dir().resolve("base").toString();
            var left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(base)).orElse(false))
                    .toList();
            assertEquals(List.of(), left, "no process of that instance is left");
            assertTrue(Files.readString(tomcat.dir().resolve("console.log")).contains("Stopping ProtocolHandler"),
                    "Tomcat shut down in order");
        }
    }

    @Test
    void invalidApplicationSettingStopsTheWebappWithAClearMessage() throws Exception {
        // The webapp refuses to start; Tomcat reports it and the site is not served half-configured.
        int port = TomcatInstance.freePort();
        Path dir = DIR.resolve("bad-config");
        Files.createDirectories(dir);
        Path log = dir.resolve("console.log");
        Process p = TomcatInstance.launch(List.of(RUN.toString(), "--port", Integer.toString(port)),
                Map.of("APP_WAR", TomcatInstance.WAR.toString(), "APP_DATA_DIR", dir.resolve("data").toString(),
                        "CATALINA_BASE", dir.resolve("base").toString(), "APP_HELLO_MAX_COUNT", "many"), log);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !Files.readString(log).contains("Server startup in")
                    && p.isAlive()) {
                Thread.sleep(200);
            }
            String output = Files.readString(log);
            assertTrue(output.contains("app.hello.max-count (APP_HELLO_MAX_COUNT) is 'many'"), output);
            if (p.isAlive()) {
                assertEquals(404, Http.get(java.net.URI.create("http://127.0.0.1:" + port + "/Hello/1")).statusCode());
            }
        } finally {
            TomcatInstance.stop(p);
        }
    }
}
