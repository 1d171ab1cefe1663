package webstack.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import webstack.db.Database;
import webstack.system.AppConfig;
import webstack.user.UserMapper;

/**
 * A migrated in-memory H2 database (MySQL mode, as the application runs H2) that belongs to
 * one test: {@link Database#open} with the real Flyway migrations and the real mappers, on a
 * database of its own name. Closing it drops the database; registered as a test's extension
 * ({@code @RegisterExtension final InMemoryDatabase db = InMemoryDatabase.open();}) it is
 * closed after each test.
 */
public final class InMemoryDatabase implements AutoCloseable, AfterEachCallback {

    private final AppConfig config;
    private final Database database;

    private InMemoryDatabase(AppConfig config) {
        this.config = config;
        this.database = open(config);
    }

    public static InMemoryDatabase open() {
        String url = "jdbc:h2:mem:webstack-" + UUID.randomUUID() + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        return new InMemoryDatabase(new AppConfig(Map.of("APP_DB_URL", url, "APP_DB_POOL_SIZE", "4"), new Properties()));
    }

    private static Database open(AppConfig config) {
        return Database.open(config, List.of(UserMapper.class));
    }

    public Database database() {
        return database;
    }

    public SqlSessionFactory sessions() {
        return database.sessions();
    }

    /** A second {@link Database} over the same data, as a restarted or second instance opens it; the caller closes it. */
    public Database reopen() {
        return open(config);
    }

    /** A plain JDBC connection to the same data, to look beside the application's SQL. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(config.dbUrl, config.dbUser, config.dbPassword);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        close();
    }

    @Override
    public void close() throws SQLException {
        database.close();
        // DB_CLOSE_DELAY=-1 keeps the data after the pool has gone: drop it.
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
