package webstack.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.ZoneOffset;

/** A user as the API shows it: never the password hash. */
public record UserView(
        long id,
        String email,
        String name,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("is_active") boolean isActive) {

    static UserView of(User user) {
        return new UserView(user.getId(), user.getEmail(), user.getName(),
                user.getCreatedAt().toInstant(ZoneOffset.UTC), user.isActive());
    }
}
