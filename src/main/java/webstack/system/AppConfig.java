package webstack.system;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Every setting of the application, read once at start-up.
 *
 * <p>Each setting has a dotted key such as {@code app.hello.max-count}. Its value comes
 * from, in order: the system property of that name, the environment variable derived from
 * it ({@code APP_HELLO_MAX_COUNT}), the default written here. A value that does not parse
 * stops the start-up with a message naming the setting, rather than running misconfigured.
 * The README lists every setting.
 */
public final class AppConfig {

    private final Map<String, String> env;
    private final Properties props;
    /** Every setting read, with its default as text ("" for none), in the order read. */
    private final Map<String, String> defaults = new LinkedHashMap<>();

    public final int helloMaxCount;
    /** The longest word of {@code /{word}/{n}}, in bytes of UTF-8. */
    public final int helloMaxWordBytes;
    /** The largest page {@code /{word}/{n}} may answer: what one request can make the server write. */
    public final int helloMaxPageBytes;
    public final Path dataDir;

    /** JDBC URL of a MySQL/MariaDB database; null means the embedded H2 database in {@link #dataDir}. */
    public final String dbUrl;
    public final String dbUser;
    public final String dbPassword;
    /**
     * The account that runs the schema migrations (it may create and alter tables); null: the
     * application's own account does. With one, the application's account needs only
     * SELECT, INSERT, UPDATE and DELETE.
     */
    public final String dbMigrationUser;
    public final String dbMigrationPassword;
    public final int dbPoolSize;
    /** How long a request waits for a database connection before it is answered 503. */
    public final Duration dbTimeout;

    /** The token signing secret; null means generate one and keep it in {@link #dataDir}. */
    public final String tokenSecret;
    public final Duration tokenTtl;
    public final int bcryptCost;
    /** How many bcrypt hashes run at once, and how long a request waits for a turn before a 503. */
    public final int bcryptConcurrency;
    public final Duration bcryptWait;
    /** Failed logins in a row before an account refuses logins, for how long at first, and at most. */
    public final int loginMaxFailures;
    public final Duration loginLock;
    public final Duration loginMaxLock;

    /** How long a client may take to send a request body before a 408 (it holds no thread meanwhile). */
    public final Duration bodyTimeout;
    public final int bodyMaxPending;

    /** Pages that may open the WebSocket (empty: the site's own only; {@code *}: any), and its limits. */
    public final List<String> wsOrigins;
    public final int wsMaxMessageBytes;
    public final Duration wsIdleTimeout;
    public final int wsMaxSessions;

    /** Whether the home page names the Tomcat and Java versions (off: no product versions shown). */
    public final boolean showVersions;

    /** Origins allowed by CORS; {@code *} means any (without credentials). */
    public final List<String> corsOrigins;

    /**
     * The operator's admin account: its email (null: no admin is made) and the password, read
     * from a file only its owner may read, never from the environment.
     */
    public final String adminEmail;
    public final String adminPassword;

    /** Where bench/run writes its result files, shown at /bench; null means none configured. */
    public final Path benchDir;

    /**
     * {@code text} or {@code json}: the format of the application log (logback.xml reads this
     * setting itself, as Logback starts first; checked here) and, set by deploy/tomcat/setenv.sh
     * from the same variable, of Tomcat's access log.
     */
    public final String logFormat;
    /** Whether the instance keeps metrics and serves them at /metrics. */
    public final boolean metricsEnabled;
    /**
     * The client addresses /metrics answers (exact addresses, no ranges); every other caller
     * gets the 404 of an unknown path. Behind nginx the client is the real one (RemoteIpValve).
     */
    public final List<InetAddress> metricsAllow;

    public AppConfig(Map<String, String> env, Properties props) {
        this.env = env;
        this.props = props;
        this.helloMaxCount = intValue("app.hello.max-count", 10_000, 0, 1_000_000);
        this.helloMaxWordBytes = intValue("app.hello.max-word-bytes", 1_024, 1, 65_536);
        this.helloMaxPageBytes = intValue("app.hello.max-page-bytes", 1 << 20, 1_024, 64 << 20);
        this.dataDir = Path.of(value("app.data-dir", "data")).toAbsolutePath().normalize();
        this.dbUrl = value("app.db.url", null);
        if (dbUrl != null && !dbUrl.startsWith("jdbc:")) {
            throw new ConfigException("app.db.url", dbUrl, "a JDBC URL such as jdbc:mysql://127.0.0.1:3306/webstack");
        }
        this.dbUser = value("app.db.user", "webstack");
        this.dbPassword = secret("app.db.password", "");
        this.dbMigrationUser = value("app.db.migration-user", null);
        String migrationPassword = value("app.db.migration-password-file", null);
        this.dbMigrationPassword = migrationPassword == null ? ""
                : SecretFile.read("app.db.migration-password-file", Path.of(migrationPassword));
        this.dbPoolSize = intValue("app.db.pool-size", 16, 1, 500);
        this.dbTimeout = Duration.ofMillis(intValue("app.db.timeout-ms", 3_000, 250, 600_000));
        this.tokenSecret = secret("app.token.secret", null);
        if (tokenSecret != null && tokenSecret.length() < 32) {
            throw new ConfigException("app.token.secret", "(hidden, " + tokenSecret.length() + " characters)",
                    "at least 32 characters");
        }
        this.tokenTtl = Duration.ofSeconds(intValue("app.token.ttl-seconds", 3_600, 1, 31_536_000));
        this.bcryptCost = intValue("app.bcrypt.cost", 10, 4, 16);
        this.bcryptConcurrency = intValue("app.bcrypt.concurrency", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 256);
        this.bcryptWait = Duration.ofMillis(intValue("app.bcrypt.wait-ms", 2_000, 0, 60_000));
        this.loginMaxFailures = intValue("app.login.max-failures", 5, 1, 1_000);
        this.loginLock = Duration.ofSeconds(intValue("app.login.lock-seconds", 60, 1, 86_400));
        this.loginMaxLock = Duration.ofSeconds(intValue("app.login.max-lock-seconds", 900, 1, 86_400));
        this.showVersions = booleanValue("app.show-versions", false);
        String wsOrigins = value("app.ws.origins", null);
        this.wsOrigins = wsOrigins == null ? List.of() : List.of(wsOrigins.split("\\s*,\\s*"));
        this.wsMaxMessageBytes = intValue("app.ws.max-message-bytes", 64 * 1024, 1, 16 << 20);
        this.wsIdleTimeout = Duration.ofSeconds(intValue("app.ws.idle-timeout-seconds", 300, 1, 86_400));
        this.wsMaxSessions = intValue("app.ws.max-sessions", 1_000, 1, 1_000_000);
        this.bodyTimeout = Duration.ofMillis(intValue("app.body.timeout-ms", 10_000, 100, 600_000));
        // Each costs about 40 KiB of heap until answered (BodyBuffering): 512 are 20 MiB.
        this.bodyMaxPending = intValue("app.body.max-pending", 512, 1, 100_000);
        this.corsOrigins = List.of(value("app.cors.origins", "*").split("\\s*,\\s*"));
        this.adminEmail = value("app.admin.email", null);
        String passwordFile = value("app.admin.password-file", null);
        if ((adminEmail == null) != (passwordFile == null)) {
            throw new ConfigException("app.admin.password-file", passwordFile == null ? "" : passwordFile,
                    "set together with app.admin.email (APP_ADMIN_EMAIL), or neither");
        }
        this.adminPassword = passwordFile == null ? null : SecretFile.read("app.admin.password-file", Path.of(passwordFile));
        String bench = value("app.bench.dir", null);
        this.benchDir = bench == null ? null : Path.of(bench).toAbsolutePath().normalize();
        this.logFormat = oneOf("app.log.format", "text", "text", "json");
        this.metricsEnabled = booleanValue("app.metrics.enabled", true);
        this.metricsAllow = addresses("app.metrics.allow", "127.0.0.1,::1");
    }

    /**
     * Every setting this configuration read, each with its default as text ("" where there is
     * none), in the order read: the one list of the settings, which the README's configuration
     * table is checked against (AppConfigReferenceTest).
     */
    public Map<String, String> defaults() {
        return Collections.unmodifiableMap(defaults);
    }

    public static AppConfig fromEnvironment() {
        return new AppConfig(System.getenv(), System.getProperties());
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private String rawValue(String key, String defaultValue) {
        String v = props.getProperty(key);
        if (v == null) v = env.get(envName(key));
        return v == null || v.isEmpty() ? defaultValue : v;
    }

    /**
     * A secret: from {@code <key>-file} (APP_..._FILE), a file only its owner may read, else
     * from the setting itself (visible in the process environment: fine for development).
     */
    private String secret(String key, String defaultValue) {
        defaults.putIfAbsent(key, defaultValue == null ? "" : defaultValue);
        String file = value(key + "-file", null);
        if (file != null) {
            if (rawValue(key, null) != null) {
                throw new ConfigException(key + "-file", file, "either it or " + envName(key) + ", not both");
            }
            return SecretFile.read(key + "-file", Path.of(file));
        }
        return rawValue(key, defaultValue);
    }

    String value(String key, String defaultValue) {
        defaults.putIfAbsent(key, defaultValue == null ? "" : defaultValue);
        String v = rawValue(key, null);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    boolean booleanValue(String key, boolean defaultValue) {
        defaults.putIfAbsent(key, Boolean.toString(defaultValue));
        String v = value(key, null);
        if (v == null) return defaultValue;
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, v, "true or false");
        };
    }

    String oneOf(String key, String defaultValue, String... allowed) {
        defaults.putIfAbsent(key, defaultValue);
        String v = value(key, null);
        if (v == null) return defaultValue;
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) return a;
        }
        throw new ConfigException(key, v, String.join(" or ", allowed));
    }

    /** A comma-separated list of IP address literals (never names: no DNS at start-up or per request). */
    List<InetAddress> addresses(String key, String defaultValue) {
        String v = value(key, defaultValue);
        return Arrays.stream(v.split("\\s*,\\s*")).map(address -> {
            InetAddress parsed = IpLiteral.parse(address);
            if (parsed == null) throw new ConfigException(key, v, "IP addresses separated by commas, such as 127.0.0.1,::1");
            return parsed;
        }).toList();
    }

    int intValue(String key, int defaultValue, int min, int max) {
        defaults.putIfAbsent(key, Integer.toString(defaultValue));
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
        public ConfigException(String key, String value, String expected) {
            super("Invalid configuration: " + key + " (" + envName(key) + ") is '" + value
                    + "', expected " + expected);
        }
    }
}
