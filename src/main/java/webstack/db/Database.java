package webstack.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.mapping.VendorDatabaseIdProvider;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import webstack.system.AppConfig;

/**
 * The application's database: the DataSource (the container's {@code java:comp/env/jdbc/app}
 * when there is one, else a HikariCP pool over {@code app.db.url}, else an embedded H2 file
 * database in MySQL mode), its schema brought up to date by Flyway, and the MyBatis session
 * factory over it with the mappers the features bring.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String JNDI_NAME = "java:comp/env/jdbc/app";
    private static final int VALIDATION_SECONDS = 2;
    private static final int STATEMENT_TIMEOUT_SECONDS = 15;
    /** How long a start-up waits for another instance's schema migration on a Galera cluster. */
    private static final java.time.Duration MIGRATION_LOCK_WAIT = java.time.Duration.ofMinutes(6);
    /** Runs of the Galera start-up's history table creation, rolled back by others' DDL. */
    private static final int HISTORY_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final HikariDataSource ownPool;
    private final SqlSessionFactory sessions;
    private final String databaseId;
    /** The schema version this build's migrations lead to: what readiness expects to find. */
    private final MigrationVersion schemaVersion;

    private Database(DataSource dataSource, HikariDataSource ownPool, String description, List<Class<?>> mappers,
                     AppConfig config) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        var ids = new Properties();
        ids.setProperty("MySQL", "mysql");
        ids.setProperty("MariaDB", "mysql");
        ids.setProperty("H2", "h2");
        var idProvider = new VendorDatabaseIdProvider();
        idProvider.setProperties(ids);
        this.databaseId = idProvider.getDatabaseId(dataSource);
        if (databaseId == null) {
            throw new IllegalStateException("Unsupported database behind " + description + ": use MySQL, MariaDB or H2");
        }
        this.schemaVersion = migrate(config);
        var allMappers = new java.util.ArrayList<Class<?>>(mappers);
        allMappers.add(SchemaMapper.class);
        this.sessions = sessionFactory(allMappers);
        LOG.info("Database: {} ({}), schema up to date", description, databaseId);
    }

    /** Opens the configured database, migrates it, and registers the MyBatis {@code mappers}. */
    public static Database open(AppConfig config, List<Class<?>> mappers) {
        return open(config, mappers, null);
    }

    /**
     * The same, with the pool's meters kept by {@code poolMetrics} (null: none). A container's
     * DataSource is the container's to measure.
     */
    public static Database open(AppConfig config, List<Class<?>> mappers, MetricsTrackerFactory poolMetrics) {
        DataSource container = lookupContainerDataSource();
        if (container != null) {
            return new Database(container, null, "container resource " + JNDI_NAME, mappers, config);
        }
        HikariConfig hikari = poolConfig(config);
        if (poolMetrics != null) hikari.setMetricsTrackerFactory(poolMetrics);
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            String description = config.dbUrl != null ? config.dbUrl.replaceAll("[?;].*", "") : "embedded H2 in " + config.dataDir;
            return new Database(pool, pool, description, mappers, config);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static DataSource lookupContainerDataSource() {
        try {
            return (DataSource) new InitialContext().lookup(JNDI_NAME);
        } catch (NamingException | ClassCastException notDefined) {
            return null;
        }
    }

    static HikariConfig poolConfig(AppConfig config) {
        var hikari = new HikariConfig();
        hikari.setPoolName("webstack");
        hikari.setMaximumPoolSize(config.dbPoolSize);
        // A fixed-size pool (HikariCP's advice): no connection set-up on the request path.
        hikari.setMinimumIdle(config.dbPoolSize);
        // A request waits at most this long for a connection, then gets a 503.
        hikari.setConnectionTimeout(config.dbTimeout.toMillis());
        hikari.setValidationTimeout(Math.min(config.dbTimeout.toMillis(), 1_000));
        if (config.dbUrl == null) {
            hikari.setJdbcUrl("jdbc:h2:file:" + config.dataDir.resolve("webstack")
                    + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE"
                    // Written at each commit, so a killed JVM loses nothing committed.
                    + ";WRITE_DELAY=0");
            hikari.setDriverClassName("org.h2.Driver");
            hikari.setUsername("sa");
            hikari.setPassword("");
        } else {
            hikari.setJdbcUrl(config.dbUrl);
            hikari.setUsername(config.dbUser);
            hikari.setPassword(config.dbPassword);
            if (config.dbUrl.startsWith("jdbc:mysql:")) {
                // Named, because drivers inside a WAR are not visible to DriverManager.
                hikari.setDriverClassName("com.mysql.cj.jdbc.Driver");
                // Bounded network waits: a database that went away answers 503, never a hang.
                hikari.addDataSourceProperty("connectTimeout", Long.toString(config.dbTimeout.toMillis()));
                hikari.addDataSourceProperty("socketTimeout", Long.toString(STATEMENT_TIMEOUT_SECONDS * 1000L));
                hikari.addDataSourceProperty("cachePrepStmts", "true");
                hikari.addDataSourceProperty("prepStmtCacheSize", "64");
                hikari.addDataSourceProperty("useServerPrepStmts", "true");
                hikari.addDataSourceProperty("cacheServerConfiguration", "true");
                hikari.addDataSourceProperty("elideSetAutoCommits", "true");
                hikari.addDataSourceProperty("maintainTimeStats", "false");
                hikari.addDataSourceProperty("characterEncoding", "UTF-8");
            }
        }
        return hikari;
    }

    /** Brings the schema up to date, as the migration account when one is configured; its version. */
    private MigrationVersion migrate(AppConfig config) {
        var flyway = Flyway.configure(Database.class.getClassLoader());
        if (config.dbMigrationUser != null && config.dbUrl != null) {
            flyway.dataSource(config.dbUrl, config.dbMigrationUser, config.dbMigrationPassword);
        } else {
            flyway.dataSource(dataSource);
        }
        Flyway migrations = flyway.locations("classpath:db/migration/" + databaseId).load();
        if (databaseId.equals("mysql") && isGalera(flyway.getDataSource())) {
            // Flyway's own lock holds on one node only (see MigrationLock): take the cluster's.
            // Its history table first (no migration yet: target 0, which no migration has: "?"), so that the lock's table
            // never makes Flyway find a schema that is not empty and has no history.
            // Openers on other nodes doing the same, or one migrating under the lock, can roll
            // this back (error 1213: their DDL aborts its transaction): it only makes a table
            // that then exists, so it is run again.
            for (int attempt = 1; !hasHistory(flyway.getDataSource()); attempt++) {
                try {
                    Flyway.configure(Database.class.getClassLoader()).configuration(flyway).target("0?").load().migrate();
                } catch (RuntimeException e) {
                    if (attempt >= HISTORY_ATTEMPTS || !Conflicts.isConflict(e)) throw e;
                    LOG.info("Schema history: rolled back for a conflict (attempt {} of {}), again", attempt, HISTORY_ATTEMPTS);
                    sleepQuietly(100L * attempt);
                }
            }
            try (var lock = MigrationLock.acquire(flyway.getDataSource(), java.time.Clock.systemUTC(), MIGRATION_LOCK_WAIT)) {
                migrations.migrate();
            } catch (SQLException e) {
                throw new IllegalStateException("Schema migration lock: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the schema migration lock", e);
            }
        } else {
            migrations.migrate();
        }
        return migrations.info().current().getVersion();
    }

    private static boolean hasHistory(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                     + " AND table_name = 'flyway_schema_history'")) {
            return rs.next() && rs.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the schema's tables: " + e.getMessage(), e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while making the schema history", e);
        }
    }

    /** Whether the server is a node of a Galera cluster (MariaDB's wsrep_on). */
    static boolean isGalera(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT @@GLOBAL.wsrep_on")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException noSuchVariable) {
            return false;
        }
    }

    private SqlSessionFactory sessionFactory(List<Class<?>> mappers) {
        var environment = new Environment("app", new JdbcTransactionFactory(), dataSource);
        var mybatis = new org.apache.ibatis.session.Configuration(environment);
        mybatis.setDatabaseId(databaseId);
        if (databaseId.equals("mysql")) {
            mybatis.getTypeHandlerRegistry().register(java.time.LocalDateTime.class, new FractionalSecondsTypeHandler());
        }
        mybatis.setMapUnderscoreToCamelCase(true);
        // Not on MySQL/MariaDB: Connector/J arms a task on a shared java.util.Timer for every
        // statement with a timeout, and under load the request threads queue on that Timer's
        // lock (bench/run's profile of GET /users/{id} on JDK 25: 94% of the samples in
        // Timer.schedule). There socketTimeout (poolConfig) bounds every wait on the server.
        if (!databaseId.equals("mysql")) {
            mybatis.setDefaultStatementTimeout(STATEMENT_TIMEOUT_SECONDS);
        }
        mappers.forEach(mybatis::addMapper);
        return new SqlSessionFactoryBuilder().build(mybatis);
    }

    public SqlSessionFactory sessions() {
        return sessions;
    }

    public String databaseId() {
        return databaseId;
    }

    /** Whether the database answers now, within the validation timeout: what /health reports. */
    public boolean isUp() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** What the readiness probe reports: whether the database answers, and how its schema compares with this build's. */
    public record Readiness(boolean databaseUp, Schema schema) {
        public boolean ready() {
            return databaseUp && schema == Schema.CURRENT;
        }
    }

    /** The database's schema beside this build's migrations. */
    public enum Schema { CURRENT, BEHIND, AHEAD, UNKNOWN }

    /**
     * Whether this instance can take traffic: the database answers, and its newest applied
     * migration is the one this build migrated to at start-up (a database restored from an old
     * backup, or migrated by a newer build, is not ready for this one).
     */
    public Readiness readiness() {
        if (!isUp()) return new Readiness(false, Schema.UNKNOWN);
        try (SqlSession session = sessions.openSession()) {
            String applied = session.getMapper(SchemaMapper.class).appliedVersion();
            if (applied == null) return new Readiness(true, Schema.BEHIND);
            int order = MigrationVersion.fromVersion(applied).compareTo(schemaVersion);
            return new Readiness(true, order == 0 ? Schema.CURRENT : order < 0 ? Schema.BEHIND : Schema.AHEAD);
        } catch (RuntimeException e) {
            return new Readiness(false, Schema.UNKNOWN);
        }
    }

    @Override
    public void close() {
        if (ownPool != null) ownPool.close();
    }
}
