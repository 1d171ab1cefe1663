package webstack.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A peer implementation of the site (bench/peers/: the article's FastAPI and Gin services)
 * started as its own process for the contract tests, on a free port of 127.0.0.1, logging to
 * {@code target/it/<name>/console.log}. Closing it stops the process and everything it started.
 */
public final class PeerServer implements Site, AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private PeerServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code command} (run in the project directory) with {@code env} plus APP_ADDRESS
     * and APP_PORT, and waits for {@code /health} to answer 200.
     */
    public static PeerServer start(String name, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        Path dir = TomcatInstance.PROJECT.resolve("target/it/" + name);
        Files.createDirectories(dir);
        int port = TomcatInstance.freePort();
        Map<String, String> all = new HashMap<>(env);
        all.put("APP_ADDRESS", "127.0.0.1");
        all.put("APP_PORT", Integer.toString(port));
        Path log = dir.resolve("console.log");
        Process process = TomcatInstance.launch(new ArrayList<>(command), all, log);
        var peer = new PeerServer(process, port, log);
        try {
            TomcatInstance.awaitHealthy(process, peer.uri("/health"), log);
        } catch (IllegalStateException e) {
            peer.close();
            throw new IllegalStateException(name + " did not start: " + e.getMessage(), e);
        }
        return peer;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String logs() throws IOException {
        return Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws InterruptedException {
        TomcatInstance.stop(process);
    }
}
