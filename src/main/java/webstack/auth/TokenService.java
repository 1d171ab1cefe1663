package webstack.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Signed bearer tokens (JWT, HS256): the user id as subject, an expiry. Only HS256 with our
 * secret verifies — {@code alg: none} and other algorithms are refused by the verifier.
 */
public final class TokenService {

    private static final String ISSUER = "webstack";

    public record Token(String value, long expiresInSeconds) {
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
                .acceptLeeway(0))
                .build(clock);
    }

    public Token issue(long userId) {
        Instant now = clock.instant();
        String value = JWT.create()
                .withIssuer(ISSUER)
                .withSubject(Long.toString(userId))
                .withIssuedAt(now)
                .withExpiresAt(now.plus(ttl))
                .sign(algorithm);
        return new Token(value, ttl.toSeconds());
    }

    /** The user id the token was issued to, or empty when it is malformed, forged or expired. */
    public java.util.OptionalLong verify(String token) {
        try {
            return java.util.OptionalLong.of(Long.parseLong(verifier.verify(token).getSubject()));
        } catch (JWTVerificationException | NumberFormatException invalid) {
            return java.util.OptionalLong.empty();
        }
    }
}
