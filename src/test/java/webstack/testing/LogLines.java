package webstack.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Reading a log that its writer buffers (nginx flushes each second, Tomcat's access log every few). */
public final class LogLines {

    private LogLines() {
    }

    /** The first line of {@code log} that contains {@code text}, waited for up to 30 s. */
    public static String await(Path log, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Optional<String> line = find(log, text);
            if (line.isPresent()) return line.get();
            if (System.nanoTime() > deadline) throw new AssertionError("no line with " + text + " in " + log);
            Thread.sleep(250);
        }
    }

    public static Optional<String> find(Path log, String text) throws IOException {
        if (!Files.exists(log)) return Optional.empty();
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).findFirst();
        }
    }

    /** Tomcat's access log of today in the instance directory {@code base}. */
    public static Path tomcatAccessLog(Path base) {
        return base.resolve("logs/access." + java.time.LocalDate.now() + ".log");
    }
}
