package webstack.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A user as the API shows it: never the password hash, and the email only to the user itself
 * and to admins (omitted, not null, for everyone else).
 */
public record UserView(
        long id,
        @JsonInclude(JsonInclude.Include.NON_NULL) String email,
        String name,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("is_active") boolean isActive) {

    static UserView of(User user, boolean withEmail) {
        return new UserView(user.getId(), withEmail ? user.getEmail() : null, user.getName(),
                user.getCreatedAt().toInstant(ZoneOffset.UTC), user.isActive());
    }
}
