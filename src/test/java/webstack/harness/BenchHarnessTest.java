package webstack.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import webstack.testing.TomcatInstance;

/**
 * The benchmark harness computes its figures right: its Python unit tests (bench/harness/tests:
 * wrk's recorded output read into req/s, latencies and errors; medians, min–max and the noisy
 * mark; warm-up until steady; the split of the cores) pass. They live in Python beside the code
 * they test; this runs them in {@code ./mvnw test}, so that a failing one fails the build.
 */
class BenchHarnessTest {

    @Test
    void thePythonUnitTestsOfTheHarnessPass() throws Exception {
        Path log = TomcatInstance.PROJECT.resolve("target/bench-harness-tests.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder unittest = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "discover",
                "-s", "bench/harness/tests", "-t", "bench")
                .directory(TomcatInstance.PROJECT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        unittest.environment().put("PYTHONDONTWRITEBYTECODE", "1");  // no __pycache__ in the source tree
        Process run = unittest.start();
        if (!run.waitFor(60, TimeUnit.SECONDS)) {
            run.destroyForcibly();
            fail("the harness's unit tests did not finish in 60 s: " + Files.readString(log));
        }
        assertEquals(0, run.exitValue(), Files.readString(log));
    }
}
