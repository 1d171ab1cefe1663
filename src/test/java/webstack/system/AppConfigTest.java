package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
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
    void metricsAreOnForLoopbackCallersByDefault() throws Exception {
        var c = new AppConfig(Map.of(), props());
        assertTrue(c.metricsEnabled);
        assertEquals(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")), c.metricsAllow);
        assertFalse(new AppConfig(Map.of("APP_METRICS_ENABLED", "false"), props()).metricsEnabled);
    }

    @Test
    void metricsAllowListsAddressesNeverNames() throws Exception {
        var c = new AppConfig(Map.of("APP_METRICS_ALLOW", "10.0.0.5, fd00::7"), props());
        assertEquals(List.of(InetAddress.getByName("10.0.0.5"), InetAddress.getByName("fd00::7")), c.metricsAllow);
        for (String bad : List.of("localhost", "10.0.0.0/8", "10.0.0.256", "1:2:3", "127.0.0.1,,::1")) {
            var e = assertThrows(AppConfig.ConfigException.class, () -> new AppConfig(Map.of("APP_METRICS_ALLOW", bad), props()));
            assertTrue(e.getMessage().contains("APP_METRICS_ALLOW"), e.getMessage());
        }
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

    @Test
    void theLogFormatIsTextOrJson() {
        assertEquals("text", new AppConfig(Map.of(), props()).logFormat);
        assertEquals("json", new AppConfig(Map.of("APP_LOG_FORMAT", "json"), props()).logFormat);
        assertEquals("json", new AppConfig(Map.of("APP_LOG_FORMAT", "JSON"), props()).logFormat);
        assertEquals("text", new AppConfig(Map.of("APP_LOG_FORMAT", "json"), props("app.log.format", "text")).logFormat);
        var e = assertThrows(AppConfig.ConfigException.class,
                () -> new AppConfig(Map.of("APP_LOG_FORMAT", "xml"), props()));
        assertEquals("Invalid configuration: app.log.format (APP_LOG_FORMAT) is 'xml', expected text or json", e.getMessage());
    }

    private static java.nio.file.Path secretFile(String text, String mode) throws Exception {
        var file = java.nio.file.Files.createTempFile("secret", ".txt");
        java.nio.file.Files.writeString(file, text + "\n");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void secretsComeFromFilesOnlyTheirOwnerMayRead() throws Exception {
        var db = secretFile("db password", "rw-------");
        var token = secretFile("t".repeat(40), "r--------");
        var c = new AppConfig(Map.of("APP_DB_PASSWORD_FILE", db.toString(), "APP_TOKEN_SECRET_FILE", token.toString()), props());
        assertEquals("db password", c.dbPassword);
        assertEquals("t".repeat(40), c.tokenSecret);

        var shared = secretFile("db password", "rw-r--r--");
        var e = assertThrows(AppConfig.ConfigException.class,
                () -> new AppConfig(Map.of("APP_DB_PASSWORD_FILE", shared.toString()), props()));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertFalse(e.getMessage().contains("db password"), "never the secret: " + e.getMessage());

        var both = assertThrows(AppConfig.ConfigException.class, () -> new AppConfig(
                Map.of("APP_DB_PASSWORD_FILE", db.toString(), "APP_DB_PASSWORD", "x"), props()));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());

        var tooShort = secretFile("short", "rw-------");
        assertThrows(AppConfig.ConfigException.class,
                () -> new AppConfig(Map.of("APP_TOKEN_SECRET_FILE", tooShort.toString()), props()));
        assertThrows(AppConfig.ConfigException.class,
                () -> new AppConfig(Map.of("APP_DB_PASSWORD_FILE", "/nonexistent/secret"), props()));
    }

    @Test
    void theMigrationAccountIsOptional() throws Exception {
        assertEquals(null, new AppConfig(Map.of(), props()).dbMigrationUser);
        var file = secretFile("ddl password", "rw-------");
        var c = new AppConfig(Map.of("APP_DB_MIGRATION_USER", "webstack_ddl", "APP_DB_MIGRATION_PASSWORD_FILE", file.toString()), props());
        assertEquals("webstack_ddl", c.dbMigrationUser);
        assertEquals("ddl password", c.dbMigrationPassword);
    }
}
