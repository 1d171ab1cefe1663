package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AppConfigTest {

    private static Properties props(String... kv) {
        var p = new Properties();
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return p;
    }

    @Test
    void defaults() {
        var c = new AppConfig(Map.of(), props());
        assertEquals(10_000, c.helloMaxCount);
        assertEquals(Path.of("data").toAbsolutePath(), c.dataDir);
    }

    @Test
    void environmentVariableOverridesDefault() {
        var c = new AppConfig(Map.of("APP_HELLO_MAX_COUNT", "50", "APP_DATA_DIR", "/tmp/x"), props());
        assertEquals(50, c.helloMaxCount);
        assertEquals(Path.of("/tmp/x"), c.dataDir);
    }

    @Test
    void systemPropertyOverridesEnvironment() {
        var c = new AppConfig(Map.of("APP_HELLO_MAX_COUNT", "50"), props("app.hello.max-count", "60"));
        assertEquals(60, c.helloMaxCount);
    }

    @Test
    void benchDirIsUnsetByDefaultAndAbsoluteWhenGiven() {
        assertEquals(null, new AppConfig(Map.of(), props()).benchDir);
        assertEquals(null, new AppConfig(Map.of("APP_BENCH_DIR", " "), props()).benchDir);
        assertEquals(Path.of("bench/results").toAbsolutePath(),
                new AppConfig(Map.of("APP_BENCH_DIR", "bench/results"), props()).benchDir);
    }

    @Test
    void badValueNamesTheSettingAndTheVariable() {
        var e = assertThrows(AppConfig.ConfigException.class,
                () -> new AppConfig(Map.of("APP_HELLO_MAX_COUNT", "lots"), props()));
        assertTrue(e.getMessage().contains("app.hello.max-count"), e.getMessage());
        assertTrue(e.getMessage().contains("APP_HELLO_MAX_COUNT"), e.getMessage());
        assertTrue(e.getMessage().contains("'lots'"), e.getMessage());
    }

    @Test
    void outOfRangeValueIsRefused() {
        assertThrows(AppConfig.ConfigException.class,
                () -> new AppConfig(Map.of("APP_HELLO_MAX_COUNT", "-1"), props()));
        assertThrows(AppConfig.ConfigException.class,
                () -> new AppConfig(Map.of("APP_HELLO_MAX_COUNT", "99999999999"), props()));
    }
}
