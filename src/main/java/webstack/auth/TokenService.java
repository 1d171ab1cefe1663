package webstack.auth;

import com.auth0.jwt.JWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Signed bearer tokens (JWT, HS256): the user id as subject, the user's token version
 * ({@value #VERSION}), an expiry. Only HS256 with our
 * secret verifies — {@code alg: none} and other algorithms are refused by the verifier.
 */
public final class TokenService {

    private static final String ISSUER = "webstack";
    /** The claim holding the user's token version. */
    static final String VERSION = "ver";

    public record Token(String value, long expiresInSeconds) {
    }

    /** What a valid token says: the user, and that user's token version when it was issued. */
    public record Claims(long userId, int tokenVersion) {
    }

    /** A token that verified, and when it ends. */
    private record Verified(Claims claims, Instant expiresAt) {
    }

    // A client sends its token with every request, and checking the HMAC and parsing the JSON
    // is a sizeable share of a read's CPU; what a token string says never changes, only whether
    // it has expired, which is checked each time. Only tokens that verified enter the cache, so
    // forged ones cannot crowd it; whether the user still may use it is the database's to say,
    // per request (webstack.user.Caller).
    private static final int VERIFIED_CACHE_SIZE = 10_000;
    private static final Duration VERIFIED_CACHE_TIME = Duration.ofMinutes(5);

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration ttl;
    private final Clock clock;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(VERIFIED_CACHE_SIZE).expireAfterWrite(VERIFIED_CACHE_TIME).build();

    public TokenService(byte[] secret, Duration ttl, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.ttl = ttl;
        this.clock = clock;
        this.verifier = ((com.auth0.jwt.JWTVerifier.BaseVerification) JWT.require(algorithm)
                .withIssuer(ISSUER)
                .withClaimPresence("sub")
                // A token must say when it ends: one without exp would be valid forever.
                .withClaimPresence("exp")
                .withClaimPresence(VERSION)
                .acceptLeeway(0))
                .build(clock);
    }

    /** A token for this user, carrying its token version: a later password change or deactivation ends it. */
    public Token issue(long userId, int tokenVersion) {
        Instant now = clock.instant();
        String value = JWT.create()
                .withIssuer(ISSUER)
                .withSubject(Long.toString(userId))
                .withClaim(VERSION, tokenVersion)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(ttl))
                .sign(algorithm);
        return new Token(value, ttl.toSeconds());
    }

    /** Whom a valid token was issued to, or empty when it is malformed, forged or expired. */
    public Optional<Claims> verify(String token) {
        Verified known = verified.getIfPresent(token);
        if (known == null) {
            known = decode(token);
            if (known == null) return Optional.empty();
            verified.put(token, known);
        }
        return clock.instant().isAfter(known.expiresAt()) ? Optional.empty() : Optional.of(known.claims());
    }

    private Verified decode(String token) {
        try {
            DecodedJWT jwt = verifier.verify(token);
            Integer version = jwt.getClaim(VERSION).asInt();
            // "exp": null passes the presence check and no expiry check: a token must end.
            if (version == null || jwt.getExpiresAtAsInstant() == null) return null;
            return new Verified(new Claims(Long.parseLong(jwt.getSubject()), version), jwt.getExpiresAtAsInstant());
        } catch (RuntimeException invalid) {
            // Forged, expired, a subject that is no id (NumberFormatException), or a signed
            // payload the library cannot read (JSON null: an NPE inside it): no token, never a 500.
            return null;
        }
    }
}
