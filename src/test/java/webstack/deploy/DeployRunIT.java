package webstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import webstack.testing.Http;
import webstack.testing.TomcatInstance;

/** deploy/run itself: its help, its errors, and that Ctrl-C leaves nothing running. */
class DeployRunIT {

    private static final Path RUN = TomcatInstance.PROJECT.resolve("deploy/run");
    private static final Path DIR = TomcatInstance.PROJECT.resolve("target/it/deploy-run");

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> args, Map<String, String> env) throws Exception {
        Files.createDirectories(DIR);
        Path log = DIR.resolve("out-" + System.nanoTime() + ".log");
        var command = new java.util.ArrayList<String>();
        command.add(RUN.toString());
        command.addAll(args);
        Process p = TomcatInstance.launch(command, env, log);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            TomcatInstance.stop(p);
            throw new AssertionError("deploy/run did not exit: " + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
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
