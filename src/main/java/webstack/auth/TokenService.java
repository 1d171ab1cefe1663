package webstack.auth;

import com.auth0.jwt.JWT;
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

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration ttl;
    private final Clock clock;

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
        try {
            DecodedJWT jwt = verifier.verify(token);
            Integer version = jwt.getClaim(VERSION).asInt();
            // "exp": null passes the presence check and no expiry check: a token must end.
            if (version == null || jwt.getExpiresAt() == null) return Optional.empty();
            return Optional.of(new Claims(Long.parseLong(jwt.getSubject()), version));
        } catch (RuntimeException invalid) {
            // Forged, expired, a subject that is no id (NumberFormatException), or a signed
            // payload the library cannot read (JSON null: an NPE inside it): no token, never a 500.
            return Optional.empty();
        }
    }
}
