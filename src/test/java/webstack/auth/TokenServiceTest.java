package webstack.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issuing and verifying bearer tokens: only our HS256 signature, our issuer, a numeric subject, unexpired. */
class TokenServiceTest {

    static final byte[] SECRET = "a-test-secret-of-at-least-32-bytes-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private static final Duration TTL = Duration.ofHours(1);

    static TokenService tokensAt(Instant now) {
        return new TokenService(SECRET, TTL, Clock.fixed(now, ZoneOffset.UTC));
    }

    private final TokenService tokens = tokensAt(NOW);

    /** A token as we would sign it, for changing one thing at a time. */
    private static JWTCreator.Builder ours() {
        return JWT.create().withIssuer("webstack").withSubject("42").withClaim("ver", 0).withIssuedAt(NOW)
                .withExpiresAt(NOW.plus(TTL));
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anIssuedTokenVerifiesToItsUser() {
        TokenService.Token token = tokens.issue(42, 0);
        assertEquals(3600, token.expiresInSeconds());
        assertEquals(Optional.of(new TokenService.Claims(42, 0)), tokens.verify(token.value()));
    }

    @Test
    void anIssuedTokenIsHs256WithIssuerSubjectAndExpiry() {
        var decoded = JWT.decode(tokens.issue(42, 0).value());
        assertEquals("HS256", decoded.getAlgorithm());
        assertEquals("webstack", decoded.getIssuer());
        assertEquals("42", decoded.getSubject());
        assertEquals(NOW, decoded.getIssuedAtAsInstant());
        assertEquals(NOW.plus(TTL), decoded.getExpiresAtAsInstant());
    }

    @Test
    void aTokenIsValidUntilItExpires() {
        String token = tokens.issue(42, 0).value();
        assertEquals(Optional.of(new TokenService.Claims(42, 0)), tokensAt(NOW.plus(TTL).minusSeconds(1)).verify(token));
        assertEquals(Optional.empty(), tokensAt(NOW.plus(TTL).plusSeconds(1)).verify(token));
    }

    /** Verified tokens are remembered (the HMAC is not checked again), their expiry is not. */
    @Test
    void aTokenVerifiedBeforeStillExpires() {
        var now = new java.util.concurrent.atomic.AtomicReference<>(NOW);
        var clock = new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        var service = new TokenService(SECRET, TTL, clock);
        String token = service.issue(42, 3).value();
        for (int i = 0; i < 2; i++) assertEquals(Optional.of(new TokenService.Claims(42, 3)), service.verify(token));
        now.set(NOW.plus(TTL));
        assertEquals(Optional.of(new TokenService.Claims(42, 3)), service.verify(token), "valid up to its expiry second");
        now.set(NOW.plus(TTL).plusSeconds(1));
        assertEquals(Optional.empty(), service.verify(token));
        assertEquals(Optional.empty(), service.verify(token + "x"), "a different string is checked on its own");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String forged = ours().sign(Algorithm.HMAC256("some-other-secret-that-is-long-enough-0123"));
        assertEquals(Optional.empty(), tokens.verify(forged));
        assertEquals(Optional.of(new TokenService.Claims(42, 0)), tokens.verify(ours().sign(Algorithm.HMAC256(SECRET))), "the same claims, our secret");
    }

    @Test
    void anotherAlgorithmWithOurSecretIsRefused() {
        assertEquals(Optional.empty(), tokens.verify(ours().sign(Algorithm.HMAC512(SECRET))));
    }

    @Test
    void algNoneIsRefused() {
        String unsigned = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + base64Url("{\"iss\":\"webstack\",\"sub\":\"42\",\"exp\":" + NOW.plus(TTL).getEpochSecond() + "}") + ".";
        assertEquals(Optional.empty(), tokens.verify(unsigned));
        assertEquals(Optional.empty(), tokens.verify(ours().sign(Algorithm.none())));
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String[] parts = tokens.issue(42, 0).value().split("\\.");
        String otherUser = base64Url("{\"iss\":\"webstack\",\"sub\":\"1\",\"exp\":" + NOW.plus(TTL).getEpochSecond() + "}");
        assertEquals(Optional.empty(), tokens.verify(parts[0] + "." + otherUser + "." + parts[2]));
    }

    @Test
    void anotherIssuerIsRefused() {
        assertEquals(Optional.empty(), tokens.verify(ours().withIssuer("someone-else").sign(Algorithm.HMAC256(SECRET))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann", "", "4.2", "99999999999999999999"})
    void aSubjectThatIsNoUserIdIsRefused(String subject) {
        assertEquals(Optional.empty(), tokens.verify(ours().withSubject(subject).sign(Algorithm.HMAC256(SECRET))));
    }

    @Test
    void aTokenWithoutSubjectIsRefused() {
        String noSubject = JWT.create().withIssuer("webstack").withExpiresAt(NOW.plus(TTL)).sign(Algorithm.HMAC256(SECRET));
        assertEquals(Optional.empty(), tokens.verify(noSubject));
    }

    /**
     * Every token we issue expires; one without {@code exp} would be valid forever, whoever
     * minted it with the secret (a configured secret is shared by every instance and its operators).
     */
    @Test
    void aTokenWithoutExpiryIsRefused() {
        String forever = JWT.create().withIssuer("webstack").withSubject("42").withClaim("ver", 0).withIssuedAt(NOW)
                .sign(Algorithm.HMAC256(SECRET));
        assertEquals(Optional.empty(), tokens.verify(forever));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b.c", "", "..", "Bearer x"})
    void malformedTokensAreRefused(String token) {
        assertEquals(Optional.empty(), tokens.verify(token));
    }

    @Test
    void aTokenWhoseExpiryIsNullOrWhosePayloadIsNullIsRefused() {
        String nullExp = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + base64Url("{\"iss\":\"webstack\",\"sub\":\"42\",\"ver\":0,\"exp\":null}");
        String nullPayload = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64Url("null");
        for (String unsigned : new String[] {nullExp, nullPayload}) {
            String signed = unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Algorithm.HMAC256(SECRET).sign(unsigned.substring(0, unsigned.indexOf('.')).getBytes(StandardCharsets.UTF_8),
                            unsigned.substring(unsigned.indexOf('.') + 1).getBytes(StandardCharsets.UTF_8)));
            assertEquals(Optional.empty(), tokens.verify(signed), unsigned);
        }
    }

    @Test
    void aTokenCarriesItsUsersTokenVersion() {
        assertEquals(Optional.of(new TokenService.Claims(42, 7)), tokens.verify(tokens.issue(42, 7).value()));
        assertEquals(7, JWT.decode(tokens.issue(42, 7).value()).getClaim("ver").asInt());
    }

    @Test
    void aTokenWithoutAVersionIsRefused() {
        String old = JWT.create().withIssuer("webstack").withSubject("42").withIssuedAt(NOW).withExpiresAt(NOW.plus(TTL))
                .sign(Algorithm.HMAC256(SECRET));
        assertEquals(Optional.empty(), tokens.verify(old));
        assertEquals(Optional.empty(), tokens.verify(ours().withClaim("ver", "seven").sign(Algorithm.HMAC256(SECRET))));
    }

    @Test
    void tokensOfDifferentUsersDiffer() {
        assertNotEquals(tokens.issue(1, 0).value(), tokens.issue(2, 0).value());
    }
}
