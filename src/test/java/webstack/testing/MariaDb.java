package webstack.testing;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The machine's MariaDB server, as the integration tests reach it ({@code it.mysql.*} system
 * properties, else 127.0.0.1:3306 as root with an empty password), and throwaway databases on
 * it: each test class gets a database of its own, dropped when closed. (Tests that must stop
 * or kill a server use a private {@link MariaDbServer} instead.)
 */
public final class MariaDb {

    public static final String SERVER_URL = System.getProperty("it.mysql.url", "jdbc:mysql://127.0.0.1:3306/");
    public static final String USER = System.getProperty("it.mysql.user", "root");
    public static final String PASSWORD = System.getProperty("it.mysql.password", "");

    private MariaDb() {
    }

    /** A new database {@code <prefix>_<unique>} on the machine's server. */
    public static Database create(String prefix) throws SQLException {
        String name = prefix + "_" + Long.toHexString(System.nanoTime());
        execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        return new Database(name);
    }

    private static void execute(String sql) throws SQLException {
        try (var c = DriverManager.getConnection(SERVER_URL, USER, PASSWORD); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** One throwaway database; closing it drops it. */
    public record Database(String name) implements AutoCloseable {

        public String jdbcUrl() {
            return SERVER_URL + name;
        }

        /**
         * Brings this database's schema up to date with the Java service's own migrations
         * (src/main/resources/db/migration/mysql), for a peer that uses the same tables.
         */
        public Database migrated() {
            org.flywaydb.core.Flyway.configure().dataSource(jdbcUrl(), USER, PASSWORD)
                    .locations("classpath:db/migration/mysql").load().migrate();
            return this;
        }

        /** The settings that point a peer at this database (APP_DB_HOST, _PORT, _NAME, _USER, _PASSWORD). */
        public Map<String, String> peerEnv() {
            java.net.URI server = java.net.URI.create(SERVER_URL.substring("jdbc:".length()));
            return Map.of("APP_DB_HOST", server.getHost(), "APP_DB_PORT", Integer.toString(server.getPort()),
                    "APP_DB_NAME", name, "APP_DB_USER", USER, "APP_DB_PASSWORD", PASSWORD);
        }

        /** The settings that point the app at this database, as the root user. */
        public Map<String, String> appEnv() {
            return Map.of("APP_DB_URL", jdbcUrl(), "APP_DB_USER", USER, "APP_DB_PASSWORD", PASSWORD);
        }

        @Override
        public void close() throws SQLException {
            execute("DROP DATABASE IF EXISTS " + name);
        }
    }
}
