package webstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import webstack.testing.TomcatInstance;

/**
 * The README's tables of the deployment settings are what deploy/config-reference prints from
 * deploy/tomcat/defaults.sh, the one place those defaults live: a setting added, removed or
 * given another default there fails this test until the README is regenerated.
 */
class DeployConfigReferenceTest {

    private static final String BEGIN = "<!-- config-reference:begin (deploy/config-reference) -->\n";
    private static final String END = "\n<!-- config-reference:end -->";

    @Test
    void theReadmeTablesAreTheScriptsOutput() throws Exception {
        var script = new ProcessBuilder("bash", "deploy/config-reference")
                .directory(TomcatInstance.PROJECT.toFile()).redirectErrorStream(true).start();
        String generated = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(script.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, script.exitValue(), generated);
        assertTrue(generated.contains("| `APP_THREADS` | `16` |"), generated);
        assertTrue(generated.contains("| `CLUSTER_WARMUP_REQUESTS` | `20000` |"), generated);

        String readme = Files.readString(TomcatInstance.PROJECT.resolve("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "the README has the config-reference markers");
        assertEquals(generated.strip(), readme.substring(begin + BEGIN.length(), end).strip(),
                "README's deployment settings: run deploy/config-reference and paste its output between the markers");
    }
}
