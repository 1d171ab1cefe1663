package webstack.user;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import webstack.health.HealthContract;
import webstack.system.CorsContract;
import webstack.testing.MariaDb;
import webstack.testing.Needs;
import webstack.testing.PeerServer;
import webstack.testing.Service;
import webstack.testing.Site;
import webstack.testing.TomcatInstance;
import webstack.ws.EchoContract;

/**
 * The article's whole contract (users and tokens, /health, CORS, the WebSocket echo) on the Gin peer (bench/peers/gin-users), built from source with
 * Debian's Go packages as bench/run builds the Go peers, on the machine's MariaDB in a
 * database of its own, migrated by the Java service's migrations and dropped afterwards.
 */
@Needs({Service.MARIADB, Service.BENCH_TOOLS})
class UserApiGinIT extends UserApiContract implements HealthContract, CorsContract, EchoContract {

    static final String SECRET = "gin-it-secret-0123456789abcdefghijklmnop";

    private static MariaDb.Database database;
    private static PeerServer gin;

    @BeforeAll
    static void startGinOnMariaDb() throws Exception {
        Path binary = buildGinUsers();
        database = MariaDb.create("webstack_gin").migrated();
        gin = PeerServer.start("gin-users", List.of(binary.toString()), ginEnv(database, "gin-users"));
    }

    @AfterAll
    static void stopAndDrop() throws Exception {
        try {
            if (gin != null) gin.close();
        } finally {
            if (database != null) database.close();
        }
    }

    @Override
    public Site site() {
        return gin;
    }


    @Override
    String tokenSecret() {
        return SECRET;
    }

    /** The settings a Gin peer of the tests runs with: the database, the shared secret, fast bcrypt, the test admin. */
    static Map<String, String> ginEnv(MariaDb.Database database, String name) throws IOException {
        var env = new HashMap<>(database.peerEnv());
        env.put("APP_TOKEN_SECRET", SECRET);
        env.put("APP_BCRYPT_COST", "4");
        env.putAll(Site.adminSettings(TomcatInstance.PROJECT.resolve("target/it/" + name)));
        return env;
    }

    /**
     * Builds bench/peers/gin-users into target/peers/gin-users as bench/harness/servers.py's
     * build_go does: GOPATH mode on Debian's Go packages, no module proxy.
     */
    static Path buildGinUsers() throws IOException, InterruptedException {
        Path binary = TomcatInstance.PROJECT.resolve("target/peers/gin-users");
        var build = new ProcessBuilder("go", "build", "-o", binary.toString(), "./bench/peers/gin-users")
                .directory(TomcatInstance.PROJECT.toFile())
                .redirectErrorStream(true);
        build.environment().putAll(Map.of("GO111MODULE", "off", "GOPATH", "/usr/share/gocode", "GOFLAGS", "",
                "GOCACHE", TomcatInstance.PROJECT.resolve("target/go-cache").toString()));
        Process process = build.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("go build of bench/peers/gin-users took over 300 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("go build of bench/peers/gin-users failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
        return binary;
    }
}
