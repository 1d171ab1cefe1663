package webstack.system;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Every setting of the application, read once at start-up.
 *
 * <p>Each setting has a dotted key such as {@code app.hello.max-count}. Its value comes
 * from, in order: the system property of that name, the environment variable derived from
 * it ({@code APP_HELLO_MAX_COUNT}), the default written here. A value that does not parse
 * stops the start-up with a message naming the setting, rather than running misconfigured.
 */
public final class AppConfig {

    private final Map<String, String> env;
    private final Properties props;

    public final int helloMaxCount;
    public final Path dataDir;

    public AppConfig(Map<String, String> env, Properties props) {
        this.env = env;
        this.props = props;
        this.helloMaxCount = intValue("app.hello.max-count", 10_000, 0, 1_000_000);
        this.dataDir = Path.of(value("app.data-dir", "data")).toAbsolutePath().normalize();
    }

    public static AppConfig fromEnvironment() {
        return new AppConfig(System.getenv(), System.getProperties());
    }

    static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    String value(String key, String defaultValue) {
        String v = props.getProperty(key);
        if (v == null) v = env.get(envName(key));
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    int intValue(String key, int defaultValue, int min, int max) {
        String v = value(key, null);
        if (v == null) return defaultValue;
        int parsed;
        try {
            parsed = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, v, "an integer");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(key, v, "between " + min + " and " + max);
        }
        return parsed;
    }

    /** A setting with a value the application cannot run with. */
    public static final class ConfigException extends RuntimeException {
        ConfigException(String key, String value, String expected) {
            super("Invalid configuration: " + key + " (" + envName(key) + ") is '" + value
                    + "', expected " + expected);
        }
    }
}
