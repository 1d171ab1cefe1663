package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import webstack.health.HealthContract;
import webstack.system.CorsContract;
import webstack.testing.Api;
import webstack.testing.Api.Response;
import webstack.testing.MariaDb;
import webstack.testing.Needs;
import webstack.testing.PeerServer;
import webstack.testing.Service;
import webstack.testing.Site;
import webstack.testing.TomcatInstance;
import webstack.ws.EchoContract;

/**
 * The user-API contract on the article's FastAPI service (bench/peers/fastapi-users), on the
 * machine's MariaDB, in a database of its own made by the Java service's migrations, dropped
 * afterwards. {@link JavaInterop} then starts the Java service on the same database with the
 * same token secret: each accepts the other's tokens and password hashes and answers the same
 * bytes for the same user.
 */
@Needs({Service.MARIADB, Service.BENCH_TOOLS})
class UserApiFastApiIT extends UserApiContract implements HealthContract, CorsContract, EchoContract {

    static final String SECRET = "fastapi-it-secret-0123456789abcdefghijkl";

    private static MariaDb.Database database;
    private static PeerServer fastApi;

    @BeforeAll
    static void startFastApiOnMariaDb() throws Exception {
        database = MariaDb.create("webstack_fastapi").migrated();
        var env = new HashMap<>(database.peerEnv());
        env.put("APP_TOKEN_SECRET", SECRET);
        env.put("APP_BCRYPT_COST", "4");
        env.put("APP_WORKERS", "2");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.putAll(Site.adminSettings(TomcatInstance.PROJECT.resolve("target/it/fastapi-users-admin")));
        // bench/peers/fastapi-users/run: /usr/bin/python3 -m uvicorn with APP_ADDRESS, APP_PORT and
        // APP_WORKERS as its --host, --port and --workers (PeerServer gives the port only as APP_PORT).
        fastApi = PeerServer.start("fastapi-users",
                List.of(TomcatInstance.PROJECT.resolve(Path.of("bench", "peers", "fastapi-users", "run")).toString()), env);
    }

    @AfterAll
    static void stopAndDrop() throws Exception {
        try {
            if (fastApi != null) fastApi.close();
        } finally {
            if (database != null) database.close();
        }
    }

    @Override
    public Site site() {
        return fastApi;
    }


    @Override
    String tokenSecret() {
        return SECRET;
    }

    /** The Java service on the same database and secret: the two are one system to a client. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class JavaInterop {

        private TomcatInstance tomcat;
        private Api java;
        private Api python;
        private String adminTokenFromBefore;

        @BeforeAll
        void startTomcatOnTheSameDatabase() throws Exception {
            adminTokenFromBefore = new Api(fastApi).admin().token();
            var env = new HashMap<>(database.appEnv());
            env.put("APP_TOKEN_SECRET", SECRET);
            tomcat = TomcatInstance.start("fastapi-interop", env);
            java = new Api(tomcat);
            python = new Api(fastApi);
        }

        @AfterAll
        void stopTomcat() throws Exception {
            if (tomcat != null) tomcat.close();
        }

        @Test
        void aTokenFromEitherServiceIsAcceptedByTheOther() throws Exception {
            var fromPython = python.newAccount(PASSWORD);
            var fromJava = java.newAccount(PASSWORD);
            Response javaReads = java.request("GET", "/users/" + fromPython.id(), fromPython.token(), null);
            assertEquals(200, javaReads.status(), javaReads.body());
            assertEquals(fromPython.email(), javaReads.json().get("email").asText(), "the token's owner, seen as such");
            Response pythonReads = python.request("GET", "/users/" + fromJava.id(), fromJava.token(), null);
            assertEquals(200, pythonReads.status(), pythonReads.body());
            assertEquals(fromJava.email(), pythonReads.json().get("email").asText());
        }

        @Test
        void eachServiceChecksPasswordsTheOtherHashed() throws Exception {
            for (String password : List.of(PASSWORD, "é".repeat(36), "p".repeat(71) + "x")) {
                String byPython = uniqueEmail();
                assertEquals(201, python.register(byPython, "N", password).status());
                assertEquals(200, java.token(byPython, password).status(), "Java logs in a user FastAPI registered");
                assertEquals(401, java.token(byPython, password.substring(1) + "!").status());
                String byJava = uniqueEmail();
                assertEquals(201, java.register(byJava, "N", password).status());
                assertEquals(200, python.token(byJava, password).status(), "FastAPI logs in a user Java registered");
                assertEquals(401, python.token(byJava, password.substring(1) + "!").status());
            }
        }

        @Test
        void aPasswordChangedOnOneServiceEndsTheTokensOfTheOther() throws Exception {
            var me = python.newAccount(PASSWORD);
            String javaToken = java.token(me.email(), PASSWORD).json().get("access_token").asText();
            assertEquals(200, java.request("PATCH", "/users/" + me.id(), javaToken, Map.of("password", "another password")).status());
            assertEquals(401, python.request("GET", "/users", me.token(), null).status(), "FastAPI's token ended by Java");
            String fresh = python.token(me.email(), "another password").json().get("access_token").asText();
            assertEquals(204, python.request("DELETE", "/users/" + me.id(), fresh, null).status());
            assertEquals(401, java.request("GET", "/users", javaToken, null).status());
        }

        @Test
        void theAdminOfOneIsTheAdminOfTheOther() throws Exception {
            var other = java.newAccount(PASSWORD);
            String adminByPython = python.admin().token();
            Response read = java.request("GET", "/users/" + other.id(), adminByPython, null);
            assertEquals(other.email(), read.json().get("email").asText(), "an admin sees every email");
            assertEquals(200, java.request("PATCH", "/users/" + other.id(), adminByPython, Map.of("name", "Renamed")).status());
        }

        @Test
        void bothAnswerTheSameBytesForTheSameData() throws Exception {
            var byPython = python.newAccount(PASSWORD);
            var byJava = java.newAccount(PASSWORD);
            String admin = java.admin().token();
            for (String path : List.of("/users/" + byPython.id(), "/users/" + byJava.id(), "/users?limit=100", "/users?skip=1&limit=3",
                    "/users/9223372036854775807", "/users/abc", "/users?limit=0", "/json", "/health")) {
                for (String token : new String[] {admin, byPython.token(), byJava.token()}) {
                    Response j = java.request("GET", path, token, null);
                    Response p = python.request("GET", path, token, null);
                    assertEquals(j.status(), p.status(), path);
                    // The Java service's problems also carry the request's id (X-Request-Id), which the
                    // peers do not track: the rest of the bytes are the same.
                    assertEquals(j.body().replaceFirst(",\"requestId\":\"[A-Za-z0-9._-]+\"", ""), p.body(), path);
                    for (String header : List.of("Content-Type", "Cache-Control", "Access-Control-Allow-Origin",
                            "X-Content-Type-Options", "Referrer-Policy")) {
                        assertEquals(j.header(header), p.header(header), path + " " + header);
                    }
                }
            }
        }

        @Test
        void startingTheOtherServiceLeavesTheAdminAccountAsItWas() throws Exception {
            // Tomcat found the account FastAPI made already admin, active and with that password
            // (a hash from python3-bcrypt), so it changed nothing: tokens issued before still work.
            assertEquals(200, java.request("GET", "/users", adminTokenFromBefore, null).status());
            assertEquals(200, python.request("GET", "/users", adminTokenFromBefore, null).status());
        }
    }
}
