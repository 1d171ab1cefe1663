package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import webstack.testing.Api;
import webstack.testing.MariaDb;
import webstack.testing.Needs;
import webstack.testing.PeerServer;
import webstack.testing.Service;
import webstack.testing.Site;
import webstack.testing.TomcatInstance;

/**
 * The Java service and the Gin peer on one database with one secret do the same auth work:
 * a token either issues is accepted by the other, a password set through one logs in on the
 * other, and a change that ends tokens on one ends them on both.
 */
@Needs({Service.MARIADB, Service.BENCH_TOOLS})
class TokenInteropGinIT {

    private static final String PASSWORD = "correct horse battery";

    private static MariaDb.Database database;
    private static TomcatInstance tomcat;
    private static PeerServer gin;
    /** The admin's token from the Java service, issued before the Gin peer started. */
    private static String adminTokenBeforeGin;

    @BeforeAll
    static void startBoth() throws Exception {
        var binary = UserApiGinIT.buildGinUsers();
        database = MariaDb.create("webstack_interop").migrated();
        var env = new HashMap<>(database.appEnv());
        env.put("APP_TOKEN_SECRET", UserApiGinIT.SECRET);
        tomcat = TomcatInstance.start("gin-interop", env);
        adminTokenBeforeGin = new Api(tomcat).admin().token();
        // Same admin account and password: the peer's start-up must leave it as it is.
        gin = PeerServer.start("gin-interop-peer", List.of(binary.toString()), UserApiGinIT.ginEnv(database, "gin-interop-peer"));
    }

    @AfterAll
    static void stopBothAndDrop() throws Exception {
        try {
            if (gin != null) gin.close();
        } finally {
            try {
                if (tomcat != null) tomcat.close();
            } finally {
                if (database != null) database.close();
            }
        }
    }

    @Test
    void aTokenFromJavaIsAcceptedByGin() throws Exception {
        var account = new Api(tomcat).newAccount(PASSWORD);
        var read = new Api(gin).request("GET", "/users/" + account.id(), account.token(), null);
        assertEquals(200, read.status(), read.body());
        assertEquals(account.email(), read.json().get("email").asText(), "the caller's own account, email shown");
    }

    @Test
    void aTokenFromGinIsAcceptedByJava() throws Exception {
        var account = new Api(gin).newAccount(PASSWORD);
        var read = new Api(tomcat).request("GET", "/users/" + account.id(), account.token(), null);
        assertEquals(200, read.status(), read.body());
        assertEquals(account.email(), read.json().get("email").asText());
    }

    @Test
    void bothIssueTheSameClaims() throws Exception {
        String email = "claims-" + java.util.UUID.randomUUID() + "@example.com";
        var created = new Api(tomcat).register(email, "Claims", PASSWORD);
        assertEquals(201, created.status(), created.body());
        DecodedJWT fromJava = JWT.decode(new Api(tomcat).token(email, PASSWORD).json().get("access_token").asText());
        var fromGinAnswer = new Api(gin).token(email, PASSWORD);
        assertEquals(200, fromGinAnswer.status(), fromGinAnswer.body());
        assertEquals(3600, fromGinAnswer.json().get("expires_in").asLong());
        DecodedJWT fromGin = JWT.decode(fromGinAnswer.json().get("access_token").asText());
        for (DecodedJWT token : List.of(fromJava, fromGin)) {
            assertEquals("HS256", token.getAlgorithm());
            assertEquals("webstack", token.getIssuer());
            assertEquals(created.json().get("id").asText(), token.getSubject());
            assertEquals(0, token.getClaim("ver").asInt());
            assertEquals(3600, token.getExpiresAtAsInstant().getEpochSecond() - token.getIssuedAtAsInstant().getEpochSecond());
        }
        assertEquals(claimNames(fromJava), claimNames(fromGin));
    }

    @Test
    void aPasswordSetThroughOneLogsInOnTheOther() throws Exception {
        var onGin = new Api(gin).newAccount(PASSWORD);
        assertEquals(200, new Api(tomcat).token(onGin.email(), PASSWORD).status(), "a Gin bcrypt hash checked by Java");
        var onJava = new Api(tomcat).newAccount(PASSWORD);
        assertEquals(200, new Api(gin).token(onJava.email(), PASSWORD).status(), "a Java bcrypt hash checked by Gin");
    }

    @Test
    void aNewPasswordThroughGinEndsTheTokensJavaIssued() throws Exception {
        var account = new Api(tomcat).newAccount(PASSWORD);
        var changed = new Api(gin).request("PATCH", "/users/" + account.id(), account.token(), Map.of("password", "a new password"));
        assertEquals(200, changed.status(), changed.body());
        for (Site site : List.of(tomcat, gin)) {
            var old = new Api(site).request("GET", "/users", account.token(), null);
            assertEquals(401, old.status(), site.uri("/").toString());
            assertEquals("Invalid token", old.detail());
        }
        String fresh = new Api(tomcat).token(account.email(), "a new password").json().get("access_token").asText();
        assertEquals(200, new Api(gin).request("GET", "/users", fresh, null).status());
    }

    @Test
    void theAdminAccountBothMakeIsOneAndTheSame() throws Exception {
        // The peer started with the admin account already there, admin and active with that
        // password: it changed nothing, so the admin's earlier token still works, on both.
        for (Site site : List.of(tomcat, gin)) {
            var read = new Api(site).request("GET", "/users?limit=1", adminTokenBeforeGin, null);
            assertEquals(200, read.status(), site.uri("/") + " " + read.body());
            assertEquals(Site.ADMIN_EMAIL, read.json().get(0).get("email").asText());
        }
    }

    private static List<String> claimNames(DecodedJWT token) {
        return token.getClaims().keySet().stream().sorted().toList();
    }
}
