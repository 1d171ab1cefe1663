package webstack.user;

import java.util.HashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import webstack.testing.MariaDb;
import webstack.testing.Needs;
import webstack.testing.Service;
import webstack.testing.Site;
import webstack.testing.TomcatInstance;

/** The user-API contract on the machine's MariaDB, in a database of its own, dropped afterwards. */
@Needs(Service.MARIADB)
class UserApiMariaDbIT extends UserApiContract {

    static final String SECRET = "mariadb-it-secret-0123456789abcdefghijkl";

    private static MariaDb.Database database;
    private static TomcatInstance tomcat;

    @BeforeAll
    static void startTomcatOnMariaDb() throws Exception {
        database = MariaDb.create("webstack_it");
        var env = new HashMap<>(database.appEnv());
        env.put("APP_TOKEN_SECRET", SECRET);
        tomcat = TomcatInstance.start("mariadb", env);
    }

    @AfterAll
    static void stopAndDrop() throws Exception {
        try {
            if (tomcat != null) tomcat.close();
        } finally {
            if (database != null) database.close();
        }
    }

    @Override
    Site site() {
        return tomcat;
    }

    @Override
    String tokenSecret() {
        return SECRET;
    }
}
