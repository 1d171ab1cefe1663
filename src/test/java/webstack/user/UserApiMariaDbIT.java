package webstack.user;

import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import webstack.testing.TomcatInstance;

/**
 * The user-API contract on the machine's MariaDB (127.0.0.1:3306, root, empty password, or
 * {@code it.mysql.*} system properties), in a database of its own, dropped afterwards.
 */
class UserApiMariaDbIT extends UserApiContract {

    static final String SERVER = System.getProperty("it.mysql.url", "jdbc:mysql://127.0.0.1:3306/");
    static final String USER = System.getProperty("it.mysql.user", "root");
    static final String PASSWORD_ = System.getProperty("it.mysql.password", "");
    static final String SECRET = "mariadb-it-secret-0123456789abcdefghijkl";

    private static final String DATABASE = "webstack_it_" + Long.toHexString(System.nanoTime());
    private static TomcatInstance tomcat;

    @BeforeAll
    static void startTomcatOnMariaDb() throws Exception {
        try (var c = DriverManager.getConnection(SERVER, USER, PASSWORD_); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        }
        tomcat = TomcatInstance.start("mariadb", Map.of(
                "APP_DB_URL", SERVER + DATABASE,
                "APP_DB_USER", USER,
                "APP_DB_PASSWORD", PASSWORD_,
                "APP_TOKEN_SECRET", SECRET));
    }

    @AfterAll
    static void stopAndDrop() throws Exception {
        try {
            if (tomcat != null) tomcat.close();
        } finally {
            try (var c = DriverManager.getConnection(SERVER, USER, PASSWORD_); var s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            }
        }
    }

    @Override
    TomcatInstance tomcat() {
        return tomcat;
    }

    @Override
    String tokenSecret() {
        return SECRET;
    }
}
