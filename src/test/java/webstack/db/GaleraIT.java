package webstack.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import webstack.testing.Api;
import webstack.testing.GaleraCluster;
import webstack.testing.Needs;
import webstack.testing.Service;
import webstack.testing.TomcatInstance;

/**
 * The app on a real three-node MariaDB Galera cluster ({@link GaleraCluster}, started with
 * deploy/host galera-start): two Tomcat instances, A over node 1 and B over node 2. Production
 * writes through one node at a time (HAProxy); here both nodes take writes on purpose, so
 * that concurrent writes of one row meet Galera's certification (error 1213 at commit).
 *
 * <ul>
 * <li>Both instances start at once and both migrate: Flyway's history holds each version
 * once, each succeeded, on every node, and every node has the users table.</li>
 * <li>Twenty concurrent registrations of one email over both instances: one 201, the others
 * 400 "Email already registered" or 503 with Retry-After, never 500; one row on every node.</li>
 * <li>Forty concurrent renames of one user over both instances: 200 or 503, never 500; every
 * node holds the same row, with one of the names sent.</li>
 * </ul>
 * How many conflicts the app ran again (its log's "Write rolled back for a conflict") and how
 * many 503s it answered are printed, not asserted: a run may see none.
 */
@Needs(Service.GALERA)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GaleraIT {

    private static final String DATABASE = "webstack";
    private static final String RETRIED = "Write rolled back for a conflict";
    private static final String GAVE_UP = "Write kept conflicting";
    private static final String PASSWORD = "galera password";
    private static final int RACERS = 20;
    private static final int RACES = 5;
    private static final int RENAMES = 40;
    /** Fresh databases each migrated by three openers at once, one per node. */
    private static final int MIGRATION_RACES = 3;

    private GaleraCluster cluster;
    private TomcatInstance a;
    private TomcatInstance b;
    private Api apiA;
    private Api apiB;
    private ExecutorService pool;
    private final Map<String, Integer> statuses = new TreeMap<>();
    private Map<String, String> env;

    @BeforeAll
    void start() throws Exception {
        long started = System.nanoTime();
        cluster = GaleraCluster.start(TomcatInstance.PROJECT.resolve("target/it/galera"));
        System.out.printf("GaleraIT: 3 Synced nodes in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        Path secrets = TomcatInstance.PROJECT.resolve("target/it/galera-secrets");
        TomcatInstance.deleteTree(secrets);
        Files.createDirectories(secrets);
        cluster.createDatabase(DATABASE, "webstack", "app-db-pass", "webstack_migrate", "migration-db-pass");
        for (int race = 1; race <= MIGRATION_RACES; race++) {
            cluster.createDatabase(DATABASE + "_race" + race, "webstack", "app-db-pass", "webstack_migrate", "migration-db-pass");
        }
        env = new HashMap<>(Map.of(
                "APP_DB_USER", "webstack",
                "APP_DB_PASSWORD_FILE", secret(secrets, "db-password", "app-db-pass").toString(),
                "APP_DB_MIGRATION_USER", "webstack_migrate",
                "APP_DB_MIGRATION_PASSWORD_FILE", secret(secrets, "db-migration-password", "migration-db-pass").toString(),
                // Tokens from either instance are good on both, as behind a load balancer.
                "APP_TOKEN_SECRET_FILE", secret(secrets, "token-secret", "galera-it-token-secret-of-at-least-32-chars").toString(),
                "APP_DB_POOL_SIZE", "8",
                "APP_THREADS", "8"));
        pool = Executors.newFixedThreadPool(RACERS);
        // Both at the same time: both run Flyway against a database no one migrated yet.
        var startA = pool.submit(() -> start("galera-a", env, 1));
        var startB = pool.submit(() -> start("galera-b", env, 2));
        Exception failure = null;
        try {
            a = startA.get(3, TimeUnit.MINUTES);
        } catch (Exception e) {
            failure = e;
        }
        try {
            b = startB.get(3, TimeUnit.MINUTES);
        } catch (Exception e) {
            if (failure == null) failure = e; else failure.addSuppressed(e);
        }
        if (failure != null) throw failure;
        apiA = new Api(a);
        apiB = new Api(b);
    }

    private static TomcatInstance start(String name, Map<String, String> env, int node) throws Exception {
        var own = new HashMap<>(env);
        own.put("APP_DB_URL", "jdbc:mysql://127.0.0.1:" + GaleraCluster.sqlPort(node) + "/" + DATABASE);
        return TomcatInstance.start(name, own);
    }

    private static Path secret(Path dir, String name, String value) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (pool != null) pool.shutdownNow();
            for (var tomcat : new TomcatInstance[] {a, b}) {
                if (tomcat != null) tomcat.close();
            }
            if (a != null && b != null) {
                System.out.printf("GaleraIT: conflicts the app ran again: %d (A %d, B %d); gave up on (503): %d; answers %s%n",
                        count(a, RETRIED) + count(b, RETRIED), count(a, RETRIED), count(b, RETRIED),
                        count(a, GAVE_UP) + count(b, GAVE_UP), statuses);
            }
        } finally {
            if (cluster != null) cluster.close();
        }
    }

    @Test
    @Order(1)
    void bothInstancesStartedTogetherAndTheSchemaWasMigratedOnce() throws Exception {
        for (var api : List.of(apiA, apiB)) {
            assertEquals(200, api.request("GET", "/health/ready", null, null).status(), "ready");
        }
        List<String> firstHistory = null;
        for (int node = 1; node <= GaleraCluster.NODES; node++) {
            List<String> history = cluster.sql(node, "SELECT version, COUNT(*), SUM(success = 0) FROM `" + DATABASE
                    + "`.flyway_schema_history WHERE version IS NOT NULL GROUP BY version ORDER BY version");
            assertEquals(List.of("1\t1\t0", "2\t1\t0", "3\t1\t0"), history,
                    "node " + node + ": each version once, none failed (version, rows, failed)");
            assertEquals(List.of("0"), cluster.sql(node, "SELECT COUNT(*) FROM `" + DATABASE
                    + "`.flyway_schema_history WHERE success = 0"), "node " + node + ": no failed migration");
            assertEquals(List.of("users"), cluster.sql(node, "SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = '" + DATABASE + "' AND table_name = 'users'"), "node " + node + ": users table");
            List<String> rows = cluster.sql(node, "SELECT installed_rank, version, checksum, success FROM `" + DATABASE
                    + "`.flyway_schema_history ORDER BY installed_rank");
            if (firstHistory == null) firstHistory = rows; else assertEquals(firstHistory, rows, "node " + node + " as node 1");
        }
        // Both instances' admin account start-up (the same email, at the same time): one row.
        for (int node = 1; node <= GaleraCluster.NODES; node++) {
            assertEquals(List.of("1\t1"), cluster.sql(node, "SELECT COUNT(*), SUM(is_admin) FROM `" + DATABASE
                    + "`.users WHERE email = 'admin@webstack.test'"), "node " + node + ": one admin");
        }
    }

    /**
     * Closer than two JVMs can be made to start: the app's own start-up migration
     * ({@link Database#open}, Flyway as the migration account) run at the same instant on all
     * three nodes against a fresh database, a few times. Each opener must succeed, and every
     * node must hold each version once, succeeded, and the users table.
     */
    @Test
    @Order(2)
    void migrationsStartedAtTheSameInstantOnThreeNodesRunOnce() throws Exception {
        for (int race = 1; race <= MIGRATION_RACES; race++) {
            String database = DATABASE + "_race" + race;
            var gate = new CountDownLatch(1);
            List<Future<String>> openers = new ArrayList<>();
            for (int node = 1; node <= GaleraCluster.NODES; node++) {
                var settings = new HashMap<>(env);
                settings.put("APP_DB_URL", cluster.jdbcUrl(node, database));
                settings.put("APP_DB_POOL_SIZE", "1");
                var config = new webstack.system.AppConfig(settings, new java.util.Properties());
                openers.add(pool.submit(gated(gate, () -> {
                    try (var db = Database.open(config, List.of())) {
                        return db.databaseId();
                    }
                })));
            }
            gate.countDown();
            for (var opener : openers) assertEquals("mysql", opener.get(2, TimeUnit.MINUTES), "race " + race);
            for (int node = 1; node <= GaleraCluster.NODES; node++) {
                assertEquals(List.of("1\t1\t0", "2\t1\t0", "3\t1\t0"), cluster.sql(node, "SELECT version, COUNT(*), "
                        + "SUM(success = 0) FROM `" + database + "`.flyway_schema_history WHERE version IS NOT NULL "
                        + "GROUP BY version ORDER BY version"), "race " + race + ", node " + node);
                assertEquals(List.of("0"), cluster.sql(node, "SELECT COUNT(*) FROM `" + database
                        + "`.flyway_schema_history WHERE success = 0"), "race " + race + ", node " + node);
                assertEquals(List.of("users"), cluster.sql(node, "SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = '" + database + "' AND table_name = 'users'"), "race " + race + ", node " + node);
            }
        }
    }

    @Test
    @Order(3)
    void concurrentRegistrationsOfOneEmailOverTwoWritersMakeOneUser() throws Exception {
        for (int race = 1; race <= RACES; race++) {
            String email = "race-" + race + "-" + System.nanoTime() + "@example.com";
            var gate = new CountDownLatch(1);
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                Api api = i % 2 == 0 ? apiA : apiB;
                String name = "Racer " + i;
                answers.add(pool.submit(gated(gate, () -> api.register(email, name, PASSWORD))));
            }
            gate.countDown();
            int created = 0;
            List<String> seen = new ArrayList<>();
            for (var answer : answers) {
                Api.Response r = answer.get(60, TimeUnit.SECONDS);
                record("register " + r.status());
                seen.add(r.status() + " " + r.body());
                switch (r.status()) {
                    case 201 -> created++;
                    case 400 -> assertEquals("Email already registered", r.detail(), r.body());
                    case 503 -> assertNotNull(r.header("Retry-After"), "a 503 says when to retry: " + r.body());
                    default -> throw new AssertionError("race " + race + ": unexpected " + r.status() + " " + r.body());
                }
            }
            assertEquals(1, created, "race " + race + ": exactly one registration wins: " + seen);
            for (int node = 1; node <= GaleraCluster.NODES; node++) {
                assertEquals(List.of("1"), cluster.sql(node, "SELECT COUNT(*) FROM `" + DATABASE + "`.users WHERE email = '"
                        + email + "'"), "race " + race + ": one row on node " + node);
            }
        }
        assertNoUnexpectedErrors();
    }

    @Test
    @Order(4)
    void concurrentUpdatesOfOneUserOverTwoWritersLeaveOneRowEverywhere() throws Exception {
        var owner = apiA.newAccount(PASSWORD);
        Set<String> sent = new java.util.HashSet<>();
        var gate = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        for (int i = 0; i < RENAMES; i++) {
            Api api = i % 2 == 0 ? apiA : apiB;
            String name = "Name " + i;
            sent.add(name);
            answers.add(pool.submit(gated(gate, () -> api.request("PATCH", "/users/" + owner.id(), owner.token(),
                    Map.of("name", name)))));
        }
        gate.countDown();
        for (var answer : answers) {
            Api.Response r = answer.get(60, TimeUnit.SECONDS);
            record("update " + r.status());
            switch (r.status()) {
                case 200 -> assertTrue(sent.contains(r.json().get("name").asText()), r.body());
                case 503 -> assertNotNull(r.header("Retry-After"), "a 503 says when to retry: " + r.body());
                default -> throw new AssertionError("unexpected " + r.status() + " " + r.body());
            }
        }
        List<String> first = null;
        for (int node = 1; node <= GaleraCluster.NODES; node++) {
            List<String> row = cluster.sql(node, "SELECT id, email, name, password_hash, is_active, is_admin, token_version, "
                    + "failed_logins, created_at FROM `" + DATABASE + "`.users WHERE id = " + owner.id());
            assertEquals(1, row.size(), "node " + node + ": " + row);
            if (first == null) first = row; else assertEquals(first, row, "node " + node + " holds node 1's row");
        }
        String name = first.get(0).split("\t")[2];
        assertTrue(sent.contains(name), "the name is one of those sent: " + name);
        // Both instances read the same name back.
        for (var api : List.of(apiA, apiB)) {
            assertEquals(name, api.request("GET", "/users/" + owner.id(), owner.token(), null).json().get("name").asText());
        }
        assertNoUnexpectedErrors();
    }

    private static <T> Callable<T> gated(CountDownLatch gate, Callable<T> request) {
        return () -> {
            gate.await();
            return request.call();
        };
    }

    private synchronized void record(String answer) {
        statuses.merge(answer, 1, Integer::sum);
    }

    /** Neither instance logged an error the app did not expect (what a 500 logs). */
    private void assertNoUnexpectedErrors() throws Exception {
        for (var tomcat : List.of(a, b)) {
            String logs = tomcat.allLogs();
            assertFalse(logs.contains("Unexpected error"), "unexpected error logged:\n" + tomcat.logTail());
        }
        System.out.printf("GaleraIT: so far, conflicts ran again %d, 503 for conflicts %d, answers %s%n",
                count(a, RETRIED) + count(b, RETRIED), count(a, GAVE_UP) + count(b, GAVE_UP), statuses);
    }

    private static int count(TomcatInstance tomcat, String text) {
        try {
            return (int) Pattern.compile(Pattern.quote(text)).matcher(tomcat.allLogs()).results().count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
