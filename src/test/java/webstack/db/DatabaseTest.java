package webstack.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import webstack.system.AppConfig;
import webstack.testing.InMemoryDatabase;
import webstack.user.UserMapper;

/** {@link Database} on an in-memory H2: the real migrations, the mappers, the health probe. */
class DatabaseTest {

    @RegisterExtension
    final InMemoryDatabase db = InMemoryDatabase.open();

    @Test
    void opensH2WithTheH2Migrations() throws SQLException {
        assertEquals("h2", db.database().databaseId());
        List<String> applied = new java.util.ArrayList<>();
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL"
                        + " ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                assertTrue(rs.getBoolean(2), "migration " + rs.getString(1) + " succeeded");
                applied.add(rs.getString(1));
            }
        }
        assertEquals(migrationVersions(), applied, "every H2 migration, in order");
        assertEquals(List.of("id", "email", "name", "password_hash", "is_active", "created_at", "is_admin", "token_version",
                        "failed_logins", "locked_until"),
                columns("users"));
    }

    @Test
    void theUniqueKeyOnEmailExists() throws SQLException {
        try (Connection c = db.connect()) {
            c.createStatement().execute("INSERT INTO users (email, name, password_hash, created_at)"
                    + " VALUES ('a@b.cd', 'A', REPEAT('x', 60), CURRENT_TIMESTAMP)");
            var duplicate = assertThrows(SQLException.class, () -> c.createStatement().execute(
                    "INSERT INTO users (email, name, password_hash, created_at) VALUES ('a@b.cd', 'B', REPEAT('x', 60), CURRENT_TIMESTAMP)"));
            assertEquals("23505", duplicate.getSQLState());
        }
    }

    @Test
    void registersTheGivenMappers() {
        assertTrue(db.sessions().getConfiguration().hasMapper(UserMapper.class));
        assertTrue(db.sessions().getConfiguration().isMapUnderscoreToCamelCase());
        assertEquals("h2", db.sessions().getConfiguration().getDatabaseId());
    }

    @Test
    void isUpUntilClosed() {
        assertTrue(db.database().isUp());
        db.database().close();
        assertFalse(db.database().isUp());
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsDataAndRunsNothingAgain() throws SQLException {
        try (Connection c = db.connect()) {
            c.createStatement().execute("INSERT INTO users (email, name, password_hash, created_at)"
                    + " VALUES ('kept@b.cd', 'K', REPEAT('x', 60), CURRENT_TIMESTAMP)");
        }
        try (Database again = db.reopen()) {
            assertTrue(again.isUp());
            try (var session = again.sessions().openSession(true)) {
                assertEquals("K", session.getMapper(UserMapper.class).findByEmail("kept@b.cd").getName());
            }
        }
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
            rs.next();
            assertEquals(migrationVersions().size(), rs.getInt(1));
        }
    }

    @Test
    void withoutAUrlThePoolIsTheEmbeddedH2FileInTheDataDirectory() {
        var config = new AppConfig(Map.of("APP_DATA_DIR", "/srv/webstack-data", "APP_DB_POOL_SIZE", "7",
                "APP_DB_TIMEOUT_MS", "1500"), new Properties());
        HikariConfig pool = Database.poolConfig(config);
        assertTrue(pool.getJdbcUrl().startsWith("jdbc:h2:file:" + Path.of("/srv/webstack-data", "webstack")), pool.getJdbcUrl());
        assertTrue(pool.getJdbcUrl().contains(";MODE=MySQL;"), pool.getJdbcUrl());
        assertTrue(pool.getJdbcUrl().contains(";WRITE_DELAY=0"), "every commit written: " + pool.getJdbcUrl());
        assertEquals(7, pool.getMaximumPoolSize());
        assertEquals(7, pool.getMinimumIdle(), "a fixed-size pool");
        assertEquals(1500, pool.getConnectionTimeout());
    }

    @Test
    void aMySqlUrlGetsTheDriverAndBoundedNetworkWaits() {
        var config = new AppConfig(Map.of("APP_DB_URL", "jdbc:mysql://127.0.0.1:3306/webstack", "APP_DB_USER", "app",
                "APP_DB_PASSWORD", "pw", "APP_DB_TIMEOUT_MS", "2000"), new Properties());
        HikariConfig pool = Database.poolConfig(config);
        assertEquals("jdbc:mysql://127.0.0.1:3306/webstack", pool.getJdbcUrl());
        assertEquals("com.mysql.cj.jdbc.Driver", pool.getDriverClassName());
        assertEquals("app", pool.getUsername());
        assertEquals("pw", pool.getPassword());
        assertEquals("2000", pool.getDataSourceProperties().getProperty("connectTimeout"));
        assertEquals("15000", pool.getDataSourceProperties().getProperty("socketTimeout"));
    }

    /** The versions of src/main/resources/db/migration/h2/V<version>__*.sql, in order. */
    private static List<String> migrationVersions() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration/h2"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V[0-9]+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__"))).sorted(java.util.Comparator.comparingInt(Integer::parseInt))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> columns(String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect(); ResultSet rs = c.getMetaData().getColumns(null, "public", table, null)) {
            while (rs.next()) names.add(rs.getString("COLUMN_NAME"));
        }
        return names;
    }
}
