package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import webstack.testing.Api;
import webstack.testing.Api.Response;
import webstack.testing.Site;

/**
 * The whole user-API contract, black-box over real HTTP. Each subclass runs it against one
 * implementation on one database: the Java service in Tomcat on embedded H2 and on MariaDB,
 * and the article's peers (bench/peers/) on MariaDB, so every implementation does the same work.
 */
abstract class UserApiContract {

    static final String PASSWORD = "correct horse battery";

    /** The implementation under test. */
    abstract Site site();

    /** The secret the instance signs with (it is configured so tests can mint tokens). */
    abstract String tokenSecret();

    Api api() {
        return new Api(site());
    }

    static String uniqueEmail() {
        return "u" + java.util.UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    // --- registration -------------------------------------------------------------

    @Test
    void registerAnswers201WithLocationAndTheNormalizedUser() throws Exception {
        String email = uniqueEmail();
        Response r = api().register("  " + email.toUpperCase() + " ", "  Ann Smith ", PASSWORD);
        assertEquals(201, r.status(), r.body());
        JsonNode user = r.json();
        long id = user.get("id").asLong();
        assertTrue(id > 0);
        assertEquals("/users/" + id, r.header("Location"));
        assertEquals(email, user.get("email").asText());
        assertEquals("Ann Smith", user.get("name").asText());
        assertTrue(user.get("is_active").asBoolean());
        String createdAt = user.get("created_at").asText();
        assertTrue(createdAt.endsWith("Z"), "UTC: " + createdAt);
        Instant created = Instant.parse(createdAt);
        assertTrue(Math.abs(Duration.between(created, Instant.now()).toSeconds()) < 120, createdAt);
        assertEquals(List.of("created_at", "email", "id", "is_active", "name"), fieldNames(user));
        assertFalse(r.body().contains(PASSWORD));
        assertFalse(r.body().contains("$2a$"), "no hash in the answer");
    }

    @Test
    void registeredUserReadsBackTheSame() throws Exception {
        // Registered directly (not by newAccount) to compare the 201 body with what is read back.
        String email = uniqueEmail();
        Response created = api().register(email, "Same", PASSWORD);
        assertEquals(201, created.status(), created.body());
        String token = api().token(email, PASSWORD).json().get("access_token").asText();
        Response r = api().request("GET", "/users/" + created.json().get("id").asLong(), token, null);
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        // Every field, created_at to the millisecond: what was stored is what was answered.
        assertEquals(created.json(), r.json());
    }

    @Test
    void emailAlreadyRegisteredIsRefusedCaseInsensitively() throws Exception {
        String email = uniqueEmail();
        assertEquals(201, api().register(email, "First", PASSWORD).status());
        Response again = api().register(email.toUpperCase(), "Second", PASSWORD);
        assertEquals(400, again.status());
        assertEquals("Email already registered", again.detail());
        assertEquals("application/problem+json", again.header("Content-Type"));
        assertEquals(400, again.json().get("status").asInt());
        assertEquals("Bad Request", again.json().get("title").asText());
    }

    @Test
    void twentyRacingRegistrationsOfOneEmailMakeExactlyOneUser() throws Exception {
        String email = uniqueEmail();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return api().register(email, "Racer " + n, PASSWORD);
                }));
            }
            start.countDown();
            int created = 0;
            int refused = 0;
            for (Future<Response> f : answers) {
                Response r = f.get(60, TimeUnit.SECONDS);
                if (r.status() == 201) created++;
                else if (r.status() == 400 && "Email already registered".equals(r.detail())) refused++;
                else throw new AssertionError("unexpected answer " + r.status() + ": " + r.body());
            }
            assertEquals(1, created);
            assertEquals(19, refused);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyBadFieldIsNamedAtOnce() throws Exception {
        Response r = api().request("POST", "/users", null, Map.of("email", "not-an-email", "name", "   ", "password", "short"));
        assertEquals(422, r.status(), r.body());
        assertEquals("application/problem+json", r.header("Content-Type"));
        Map<String, String> errors = errors(r);
        assertEquals(List.of("email", "name", "password"), new ArrayList<>(errors.keySet()).stream().sorted().toList());
    }

    @Test
    void missingFieldsAreValidationErrors() throws Exception {
        Response r = api().send("POST", "/users", null, "application/json", "{}");
        assertEquals(422, r.status());
        assertEquals(Map.of("email", "is required", "name", "must not be blank", "password", "is required"), errors(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b", "@example.com", "a b@example.com", "a@@example.com", "plainaddress"})
    void invalidEmailsAreRefused(String email) throws Exception {
        Response r = api().register(email, "Name", PASSWORD);
        assertEquals(422, r.status(), email);
        assertTrue(errors(r).containsKey("email"));
    }

    @Test
    void emailOver254CharactersIsRefused() throws Exception {
        String local = "a".repeat(60);
        String email = local + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com";
        assertTrue(email.length() > 254);
        assertEquals(422, api().register(email, "Name", PASSWORD).status());
    }

    @Test
    void nameLimitsAfterTrimming() throws Exception {
        assertEquals(201, api().register(uniqueEmail(), "  " + "n".repeat(100) + "  ", PASSWORD).status());
        Response tooLong = api().register(uniqueEmail(), "n".repeat(101), PASSWORD);
        assertEquals(422, tooLong.status());
        assertTrue(errors(tooLong).containsKey("name"));
    }

    @Test
    void passwordIsMeasuredInUtf8BytesFrom8To72() throws Exception {
        assertEquals(422, api().register(uniqueEmail(), "N", "1234567").status());
        assertEquals(201, api().register(uniqueEmail(), "N", "12345678").status());
        assertEquals(201, api().register(uniqueEmail(), "N", "é".repeat(36)).status(), "72 bytes");
        Response over = api().register(uniqueEmail(), "N", "é".repeat(37));
        assertEquals(422, over.status(), "74 bytes: refused, never silently truncated");
        assertEquals("must be 8 to 72 bytes of UTF-8", errors(over).get("password"));
        // The 72-byte password is the whole password: a different 72nd byte does not log in.
        String email = uniqueEmail();
        String full = "p".repeat(71) + "x";
        assertEquals(201, api().register(email, "N", full).status());
        assertEquals(401, api().token(email, "p".repeat(71) + "y").status());
        assertEquals(200, api().token(email, full).status());
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        Response r = api().request("POST", "/users", null,
                Map.of("email", uniqueEmail(), "name", "N", "password", PASSWORD, "is_admin", true, "id", 1));
        assertEquals(201, r.status(), r.body());
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        for (String body : new String[] {"{\"email\":", "not json", "{\"a\":1} trailing", "[1,2]", "null", "\"text\""}) {
            Response r = api().send("POST", "/users", null, "application/json", body);
            assertEquals(400, r.status(), body + " -> " + r.body());
            assertEquals("application/problem+json", r.header("Content-Type"));
            assertFalse(r.body().contains("Source") || r.body().contains("com.fasterxml"), "no parser internals: " + r.body());
        }
        Response twice = api().send("POST", "/users", null, "application/json",
                "{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"name\":\"N\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(400, twice.status(), twice.body());
        assertTrue(twice.detail().startsWith("Duplicate field 'email'"), twice.detail());
    }

    @Test
    void wrongJsonTypesAreBadRequests() throws Exception {
        String[] bodies = {
            "{\"email\":5,\"name\":\"N\",\"password\":\"" + PASSWORD + "\"}",
            "{\"email\":\"" + uniqueEmail() + "\",\"name\":[\"N\"],\"password\":\"" + PASSWORD + "\"}",
            "{\"email\":\"" + uniqueEmail() + "\",\"name\":\"N\",\"password\":12345678}",
            "{\"email\":\"" + uniqueEmail() + "\",\"name\":true,\"password\":\"" + PASSWORD + "\"}",
        };
        for (String body : bodies) {
            Response r = api().send("POST", "/users", null, "application/json", body);
            assertEquals(400, r.status(), body + " -> " + r.body());
            assertTrue(r.detail().startsWith("Wrong type for field"), r.detail());
        }
    }

    @Test
    void missingBodyIsABadRequest() throws Exception {
        Response r = api().send("POST", "/users", null, "application/json", null);
        assertEquals(400, r.status());
        assertEquals("Request body required", r.detail());
    }

    @Test
    void bodyOver64KiBIsTooLarge() throws Exception {
        String big = "{\"email\":\"" + uniqueEmail() + "\",\"name\":\"" + "x".repeat(70_000) + "\",\"password\":\"" + PASSWORD + "\"}";
        Response r = api().send("POST", "/users", null, "application/json", big);
        assertEquals(413, r.status());
    }

    @Test
    void wrongContentTypeIsUnsupported() throws Exception {
        Response r = api().send("POST", "/users", null, "text/plain",
                "{\"email\":\"" + uniqueEmail() + "\",\"name\":\"N\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(415, r.status());
        assertEquals(415, api().send("POST", "/users", null, null, "{}").status());
        assertEquals(201, api().send("POST", "/users", null, "application/json; charset=utf-8",
                "{\"email\":\"" + uniqueEmail() + "\",\"name\":\"N\",\"password\":\"" + PASSWORD + "\"}").status());
    }

    // --- tokens ----------------------------------------------------------------------

    @Test
    void tokenIsABearerTokenWithItsLifetime() throws Exception {
        String email = uniqueEmail();
        api().register(email, "N", PASSWORD);
        Response r = api().token(email.toUpperCase(), PASSWORD);
        assertEquals(200, r.status(), r.body());
        assertEquals("bearer", r.json().get("token_type").asText());
        assertEquals(3600, r.json().get("expires_in").asLong());
        assertEquals(3, r.json().get("access_token").asText().split("\\.").length, "a JWT");
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void wrongCredentialsAre401WithBearerChallenge() throws Exception {
        String email = uniqueEmail();
        api().register(email, "N", PASSWORD);
        for (Response r : List.of(api().token(email, "wrong password"), api().token(uniqueEmail(), PASSWORD))) {
            assertEquals(401, r.status());
            assertEquals("Bearer", r.header("WWW-Authenticate"));
            assertEquals("Incorrect email or password", r.detail());
        }
    }

    @Test
    void failedLoginsBackOffPerAccount() throws Exception {
        var me = api().newAccount(PASSWORD);
        for (int i = 0; i < 5; i++) assertEquals(401, api().token(me.email(), "wrong password").status());
        Response locked = api().token(me.email(), PASSWORD);
        assertEquals(429, locked.status(), locked.body());
        assertEquals("application/problem+json", locked.header("Content-Type"));
        assertTrue(Integer.parseInt(locked.header("Retry-After")) > 0, locked.header("Retry-After"));
        assertEquals(200, api().token(api().newAccount(PASSWORD).email(), PASSWORD).status(), "other accounts log in");
        assertEquals(200, api().request("GET", "/users", me.token(), null).status(), "tokens already issued still work");
    }

    @Test
    void tokenRequestNeedsAFormWithBothFields() throws Exception {
        assertEquals(415, api().send("POST", "/token", null, "application/json", "{}").status());
        Response missing = api().send("POST", "/token", null, "application/x-www-form-urlencoded", "username=a%40b.c");
        assertEquals(422, missing.status());
        assertEquals(Map.of("password", "is required"), errors(missing));
        assertEquals(405, api().send("GET", "/token", null, null, null).status());
    }

    // --- authentication -------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/users", "/users/1"})
    void missingAuthorizationHeaderIs401(String path) throws Exception {
        Response r = api().request("GET", path, null, null);
        assertEquals(401, r.status());
        assertEquals("Authorization header required", r.detail());
        assertEquals("Bearer", r.header("WWW-Authenticate"));
    }

    @Test
    void badTokensAreInvalid() throws Exception {
        var account = api().newAccount(PASSWORD);
        Instant now = Instant.now();
        // Each is valid but for one thing.
        String forged = JWT.create().withIssuer("webstack").withSubject(Long.toString(account.id())).withClaim("ver", 0)
                .withIssuedAt(now).withExpiresAt(now.plusSeconds(600))
                .sign(Algorithm.HMAC256("some-other-secret-that-is-long-enough-0123"));
        String expired = JWT.create().withIssuer("webstack").withSubject(Long.toString(account.id())).withClaim("ver", 0)
                .withIssuedAt(now.minusSeconds(7200)).withExpiresAt(now.minusSeconds(10))
                .sign(Algorithm.HMAC256(tokenSecret()));
        String noExpiry = JWT.create().withIssuer("webstack").withSubject(Long.toString(account.id())).withClaim("ver", 0)
                .withIssuedAt(now).sign(Algorithm.HMAC256(tokenSecret()));
        String oldVersion = JWT.create().withIssuer("webstack").withSubject(Long.toString(account.id())).withClaim("ver", -1)
                .withIssuedAt(now).withExpiresAt(now.plusSeconds(600)).sign(Algorithm.HMAC256(tokenSecret()));
        String good = JWT.create().withIssuer("webstack").withSubject(Long.toString(account.id())).withClaim("ver", 0)
                .withIssuedAt(now).withExpiresAt(now.plusSeconds(600)).sign(Algorithm.HMAC256(tokenSecret()));
        assertEquals(200, api().request("GET", "/users/" + account.id(), good, null).status(), "the control: one we sign right");
        String algNone = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + base64Url("{\"iss\":\"webstack\",\"sub\":\"" + account.id() + "\",\"exp\":" + (now.getEpochSecond() + 600) + "}") + ".";
        String[] parts = account.token().split("\\.");
        String tampered = parts[0] + "." + base64Url("{\"iss\":\"webstack\",\"sub\":\"1\",\"exp\":"
                + (now.getEpochSecond() + 600) + "}") + "." + parts[2];
        for (String token : new String[] {forged, expired, noExpiry, oldVersion, algNone, tampered, "garbage", "a.b.c", ""}) {
            Response r = api().request("GET", "/users/" + account.id(), token, null);
            assertEquals(401, r.status(), token);
            assertEquals(token.isEmpty() ? "Invalid token" : "Invalid token", r.detail(), token);
        }
        // A valid signature still needs a "Bearer" scheme.
        Response basic = api().send("GET", "/users/" + account.id(), null, null, null);
        assertEquals("Authorization header required", basic.detail());
        var withBasic = java.net.http.HttpRequest.newBuilder(api().uri("/users/" + account.id()))
                .header("Authorization", "Basic " + account.token()).build();
        var answer = HttpClient.newHttpClient().send(withBasic, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, answer.statusCode());
        assertTrue(answer.body().contains("Invalid token"));
        // And the genuine token works.
        assertEquals(200, api().request("GET", "/users/" + account.id(), account.token(), null).status());
    }

    // --- list, read, update, delete -------------------------------------------------

    @Test
    void listIsOrderedByIdAndPaginated() throws Exception {
        var account = api().newAccount(PASSWORD);
        for (int i = 0; i < 3; i++) api().register(uniqueEmail(), "Page " + i, PASSWORD);
        Response all = api().request("GET", "/users?skip=0&limit=100", account.token(), null);
        assertEquals(200, all.status());
        List<Long> ids = new ArrayList<>();
        all.json().forEach(u -> ids.add(u.get("id").asLong()));
        assertEquals(ids.stream().sorted().toList(), ids, "ordered by id");
        assertTrue(ids.size() >= 4);
        all.json().forEach(u -> assertNull(u.get("password_hash")));

        Response page = api().request("GET", "/users?skip=1&limit=2", account.token(), null);
        assertEquals(2, page.json().size());
        assertEquals(ids.get(1), page.json().get(0).get("id").asLong());
        assertEquals(ids.get(2), page.json().get(1).get("id").asLong());

        Response defaults = api().request("GET", "/users", account.token(), null);
        assertEquals(Math.min(10, ids.size()), defaults.json().size());

        Response pastTheEnd = api().request("GET", "/users?skip=2147483647&limit=1", account.token(), null);
        assertEquals(200, pastTheEnd.status());
        assertEquals(0, pastTheEnd.json().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"skip=-1", "limit=0", "limit=101", "limit=-5", "skip=abc", "limit=1.5", "skip=2147483648",
            "limit=99999999999999999999"})
    void paginationOutOfBoundsIs422(String query) throws Exception {
        var account = api().newAccount(PASSWORD);
        Response r = api().request("GET", "/users?" + query, account.token(), null);
        assertEquals(422, r.status(), query + " -> " + r.body());
        assertEquals(1, r.json().get("errors").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"skip=%zz", "limit=%", "skip=%FF%FE", "%zz=1"})
    void malformedQueryStringsAre400NotErrors(String query) throws Exception {
        var account = api().newAccount(PASSWORD);
        String answer = rawGet("/users?" + query, account.token());
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"), answer);
        assertTrue(answer.contains("\"detail\":\"Malformed query string or too many parameters\""), answer);
    }

    /** A GET sent as written: a client library would refuse these malformed URLs. */
    private String rawGet(String target, String token) throws Exception {
        return webstack.testing.Http.raw(site().port(), "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
    }

    @Test
    void aParameterFloodIs400() throws Exception {
        var account = api().newAccount(PASSWORD);
        // More than Tomcat's 1,000 parameters, within its 16 KiB of request line and headers.
        String flood = java.util.stream.IntStream.range(0, 1_500).mapToObj(i -> "p" + i + "=1")
                .collect(java.util.stream.Collectors.joining("&"));
        Response r = api().request("GET", "/users?" + flood, account.token(), null);
        assertEquals(400, r.status(), r.body());
        assertEquals("Malformed query string or too many parameters", r.detail());
    }

    @Test
    void limitOf100IsAllowed() throws Exception {
        var account = api().newAccount(PASSWORD);
        assertEquals(200, api().request("GET", "/users?limit=100&skip=0", account.token(), null).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "-1", "0", "99999999999999999999", "9223372036854775808", "1e3", "%20"})
    void invalidUserIdIs400(String id) throws Exception {
        var account = api().newAccount(PASSWORD);
        for (String method : new String[] {"GET", "DELETE"}) {
            Response r = api().request(method, "/users/" + id, account.token(), null);
            assertEquals(400, r.status(), method + " " + id);
            assertEquals("Invalid user ID", r.detail());
        }
        Response patch = api().request("PATCH", "/users/" + id, account.token(), Map.of("name", "x"));
        assertEquals(400, patch.status());
    }

    @Test
    void unknownUserIs404() throws Exception {
        var account = api().newAccount(PASSWORD);
        Response read = api().request("GET", "/users/9223372036854775807", account.token(), null);
        assertEquals(404, read.status());
        assertEquals("User not found", read.detail());
        // Changing it is not the caller's to do, whether or not it exists; an admin learns it is not there.
        assertEquals(403, api().request("PATCH", "/users/9223372036854775807", account.token(), Map.of("name", "x")).status());
        assertEquals(403, api().request("DELETE", "/users/9223372036854775807", account.token(), null).status());
        assertEquals(404, api().request("DELETE", "/users/9223372036854775807", api().admin().token(), null).status());
        assertEquals(404, api().request("PATCH", "/users/9223372036854775807", api().admin().token(), Map.of("name", "x")).status());
    }

    @Test
    void patchChangesOnlyWhatIsGiven() throws Exception {
        var me = api().newAccount(PASSWORD);
        Response renamed = api().request("PATCH", "/users/" + me.id(), me.token(), Map.of("name", "  New Name "));
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals("New Name", renamed.json().get("name").asText());
        assertTrue(renamed.json().get("is_active").asBoolean());
        assertEquals(me.email(), renamed.json().get("email").asText());

        Response unchanged = api().send("PATCH", "/users/" + me.id(), me.token(), "application/json", "{}");
        assertEquals(200, unchanged.status());
        assertEquals("New Name", unchanged.json().get("name").asText());

        Response read = api().request("GET", "/users/" + me.id(), api().newAccount(PASSWORD).token(), null);
        assertEquals("New Name", read.json().get("name").asText());
    }

    // --- who may do what ------------------------------------------------------------

    @Test
    void anotherUsersEmailIsShownOnlyToItsOwnerAndAdmins() throws Exception {
        var me = api().newAccount(PASSWORD);
        var other = api().newAccount(PASSWORD);
        Response read = api().request("GET", "/users/" + other.id(), me.token(), null);
        assertEquals(200, read.status());
        assertFalse(read.json().has("email"), "omitted, not null: " + read.body());
        assertEquals(List.of("created_at", "id", "is_active", "name"), fieldNames(read.json()));
        api().request("GET", "/users?limit=100", me.token(), null).json()
                .forEach(u -> assertEquals(u.get("id").asLong() == me.id(), u.has("email"), u.toString()));
        assertEquals(other.email(), api().request("GET", "/users/" + other.id(), api().admin().token(), null)
                .json().get("email").asText());
    }

    @Test
    void aUserChangesOrDeletesOnlyItsOwnAccount() throws Exception {
        var me = api().newAccount(PASSWORD);
        var other = api().newAccount(PASSWORD);
        for (Response r : List.of(
                api().request("PATCH", "/users/" + other.id(), me.token(), Map.of("name", "Mallory")),
                api().request("PATCH", "/users/" + other.id(), me.token(), Map.of("is_active", false)),
                api().request("PATCH", "/users/" + other.id(), me.token(), Map.of("password", "taken over!")),
                api().request("DELETE", "/users/" + other.id(), me.token(), null))) {
            assertEquals(403, r.status(), r.body());
            assertEquals("application/problem+json", r.header("Content-Type"));
            assertEquals("Only the account's owner or an admin may change it", r.detail());
        }
        assertEquals(200, api().token(other.email(), PASSWORD).status(), "the other account is untouched");
        assertEquals("Test User", api().request("GET", "/users/" + other.id(), other.token(), null).json().get("name").asText());
    }

    @Test
    void anAdminChangesAndDeletesAnyAccount() throws Exception {
        var admin = api().admin();
        var other = api().newAccount(PASSWORD);
        assertEquals(200, api().request("PATCH", "/users/" + other.id(), admin.token(), Map.of("name", "Renamed")).status());
        assertEquals(204, api().request("DELETE", "/users/" + other.id(), admin.token(), null).status());
        assertEquals(404, api().request("GET", "/users/" + other.id(), admin.token(), null).status());
    }

    @Test
    void aNewPasswordEndsTheTokensIssuedBeforeIt() throws Exception {
        var me = api().newAccount(PASSWORD);
        Response changed = api().request("PATCH", "/users/" + me.id(), me.token(), Map.of("password", "a new password"));
        assertEquals(200, changed.status(), changed.body());
        Response old = api().request("GET", "/users", me.token(), null);
        assertEquals(401, old.status());
        assertEquals("Invalid token", old.detail());
        assertEquals(401, api().token(me.email(), PASSWORD).status());
        Response fresh = api().token(me.email(), "a new password");
        assertEquals(200, api().request("GET", "/users", fresh.json().get("access_token").asText(), null).status());
    }

    @Test
    void patchValidatesTheName() throws Exception {
        var me = api().newAccount(PASSWORD);
        assertEquals(422, api().request("PATCH", "/users/" + me.id(), me.token(), Map.of("name", "   ")).status());
        assertEquals(422, api().request("PATCH", "/users/" + me.id(), me.token(), Map.of("name", "n".repeat(101))).status());
        assertEquals(400, api().send("PATCH", "/users/" + me.id(), me.token(), "application/json", "{\"is_active\":\"yes\"}").status());
        assertEquals(400, api().send("PATCH", "/users/" + me.id(), me.token(), "application/json", "{\"name\":").status());
        assertEquals(415, api().send("PATCH", "/users/" + me.id(), me.token(), "text/plain", "{}").status());
    }

    @Test
    void deactivatedUserCannotUseTokensOrLogIn() throws Exception {
        var me = api().newAccount(PASSWORD);
        Response off = api().request("PATCH", "/users/" + me.id(), me.token(), Map.of("is_active", false));
        assertEquals(200, off.status());
        assertFalse(off.json().get("is_active").asBoolean());
        Response r = api().request("GET", "/users", me.token(), null);
        assertEquals(401, r.status());
        assertEquals("Invalid token", r.detail());
        assertEquals(401, api().token(me.email(), PASSWORD).status());
        // An admin turns it back on: the old token stays ended, a new login works.
        assertEquals(200, api().request("PATCH", "/users/" + me.id(), api().admin().token(), Map.of("is_active", true)).status());
        assertEquals(401, api().request("GET", "/users", me.token(), null).status());
        assertEquals(200, api().token(me.email(), PASSWORD).status());
    }

    @Test
    void deleteAnswers204ThenTheUserIsGoneAndItsTokensStopWorking() throws Exception {
        var other = api().newAccount(PASSWORD);
        var doomed = api().newAccount(PASSWORD);
        Response deleted = api().request("DELETE", "/users/" + doomed.id(), doomed.token(), null);
        assertEquals(204, deleted.status());
        assertEquals("", deleted.body());
        assertEquals(404, api().request("GET", "/users/" + doomed.id(), other.token(), null).status());
        assertEquals(404, api().request("DELETE", "/users/" + doomed.id(), api().admin().token(), null).status());
        Response r = api().request("GET", "/users", doomed.token(), null);
        assertEquals(401, r.status());
        assertEquals("Invalid token", r.detail());
    }

    @Test
    void methodsOutsideTheContractAre405() throws Exception {
        var me = api().newAccount(PASSWORD);
        Response put = api().request("PUT", "/users/" + me.id(), me.token(), Map.of("name", "x"));
        assertEquals(405, put.status());
        assertNotNull(put.header("Allow"));
        assertEquals(405, api().request("POST", "/users/" + me.id(), me.token(), Map.of("name", "x")).status());
        assertEquals(405, api().request("DELETE", "/users", me.token(), null).status());
    }

    @Test
    void passwordsAndHashesNeverReachTheLogs() throws Exception {
        String secretPassword = "never-log-this-" + java.util.UUID.randomUUID();
        String email = uniqueEmail();
        assertEquals(201, api().register(email, "N", secretPassword).status());
        assertEquals(200, api().token(email, secretPassword).status());
        assertEquals(401, api().token(email, secretPassword + "x").status());
        String logs = site().logs();
        assertFalse(logs.contains(secretPassword), "password in a log");
        assertFalse(logs.contains("$2a$"), "bcrypt hash in a log");
    }

    // --- helpers ----------------------------------------------------------------------

    private static Map<String, String> errors(Response r) {
        Map<String, String> errors = new HashMap<>();
        r.json().path("errors").forEach(e -> errors.put(e.get("field").asText(), e.get("message").asText()));
        return errors;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
