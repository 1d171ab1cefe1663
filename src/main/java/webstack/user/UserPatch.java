package webstack.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Size;

/** The body of {@code PATCH /users/{id}}: each field optional; the name is trimmed; a new password ends older tokens. */
public record UserPatch(
        @Size(min = 1, max = 100, message = "must be 1 to 100 characters, not blank")
        String name,

        @JsonProperty("is_active")
        Boolean isActive,

        @PasswordLength
        String password) {

    public UserPatch {
        name = name == null ? null : name.strip();
    }

    boolean isEmpty() {
        return name == null && isActive == null && password == null;
    }

    @Override
    public String toString() {
        return "UserPatch[name=" + name + ", isActive=" + isActive + ", password=" + (password == null ? null : "(hidden)") + "]";
    }
}
