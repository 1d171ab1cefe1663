package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import webstack.system.HttpError;
import webstack.system.JsonBodies;
import webstack.testing.TestWiring;

/** The constraints of NewUser and UserPatch, through the real Hibernate Validator as the application configures it. */
class UserValidationTest {

    private static final String PASSWORD = "correct horse battery";

    private final JsonBodies bodies = TestWiring.jsonBodies();

    /** The failures, field to message; empty when the value is valid. */
    private Map<String, String> failures(Object value) {
        try {
            bodies.validate(value);
            return Map.of();
        } catch (HttpError e) {
            assertEquals(422, e.status());
            assertEquals("Invalid request: " + e.errors().size() + " field(s) failed validation", e.getMessage());
            Map<String, String> failures = new LinkedHashMap<>();
            e.errors().forEach(f -> failures.put(f.field(), f.message()));
            return failures;
        }
    }

    @Test
    void aGoodRegistrationIsValid() {
        assertEquals(Map.of(), failures(new NewUser("ann@example.com", "Ann", PASSWORD)));
    }

    @Test
    void everyBadFieldIsNamedAtOnceInOrder() {
        var failures = failures(new NewUser("not-an-email", "   ", "short"));
        assertEquals(Map.of("email", "must be a valid email address", "name", "must not be blank",
                "password", "must be 8 to 72 bytes of UTF-8"), failures);
        assertEquals(List.of("email", "name", "password"), List.copyOf(failures.keySet()));
    }

    @Test
    void missingFieldsAreRequired() {
        assertEquals(Map.of("email", "is required", "name", "must not be blank", "password", "is required"),
                failures(new NewUser(null, null, null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b", "@example.com", "a b@example.com", "a@@example.com", "plainaddress", "ann@example."})
    void invalidEmailsAreRefused(String email) {
        assertEquals(Map.of("email", "must be a valid email address"), failures(new NewUser(email, "Ann", PASSWORD)));
    }

    @Test
    void emailsAreMeasuredAfterTrimmingUpTo254Characters() {
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com";
        String longest = "a".repeat(254 - 1 - domain.length()) + "@" + domain;
        assertEquals(254, longest.length());
        assertEquals(Map.of(), failures(new NewUser("  " + longest + "  ", "Ann", PASSWORD)));
        assertEquals("must be at most 254 characters", failures(new NewUser("a" + longest, "Ann", PASSWORD)).get("email"));
    }

    @Test
    void namesAreMeasuredAfterTrimmingUpTo100Characters() {
        assertEquals(Map.of(), failures(new NewUser("ann@example.com", "  " + "n".repeat(100) + "  ", PASSWORD)));
        assertEquals(Map.of("name", "must be at most 100 characters"),
                failures(new NewUser("ann@example.com", "n".repeat(101), PASSWORD)));
    }

    @Test
    void passwordsAre8To72BytesOfUtf8() {
        assertEquals(Map.of(), failures(new NewUser("ann@example.com", "Ann", "12345678")));
        assertEquals(Map.of(), failures(new NewUser("ann@example.com", "Ann", "é".repeat(36))), "72 bytes");
        for (String tooShortOrLong : new String[] {"1234567", "é".repeat(37), "p".repeat(73)}) {
            assertEquals(Map.of("password", "must be 8 to 72 bytes of UTF-8"),
                    failures(new NewUser("ann@example.com", "Ann", tooShortOrLong)), tooShortOrLong);
        }
    }

    @Test
    void aPatchMayNameEitherFieldOrNone() {
        assertEquals(Map.of(), failures(new UserPatch(null, null, null)));
        assertEquals(Map.of(), failures(new UserPatch(null, false, null)));
        assertEquals(Map.of(), failures(new UserPatch("  " + "n".repeat(100) + " ", true, null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void aPatchedNameIsNotBlank(String name) {
        assertEquals(Map.of("name", "must be 1 to 100 characters, not blank"), failures(new UserPatch(name, null, null)));
    }

    @Test
    void aPatchedPasswordFollowsTheRegistrationRule() {
        assertEquals(Map.of(), failures(new UserPatch(null, null, "new password")));
        assertEquals(Map.of("password", "must be 8 to 72 bytes of UTF-8"), failures(new UserPatch(null, null, "short")));
        assertEquals(Map.of("password", "must be 8 to 72 bytes of UTF-8"), failures(new UserPatch(null, null, "p".repeat(73))));
    }

    @Test
    void aPatchNeverShowsItsPassword() {
        assertFalse(new UserPatch("N", null, "secret password").toString().contains("secret"));
    }

    @Test
    void aPatchedNameIsAtMost100Characters() {
        assertEquals(Map.of("name", "must be 1 to 100 characters, not blank"), failures(new UserPatch("n".repeat(101), null, null)));
    }
}
