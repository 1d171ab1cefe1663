package webstack.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Locale;

/** The body of {@code POST /users}. Email and name are trimmed (and the email lowercased) before validation. */
public record NewUser(
        @NotNull(message = "is required")
        @Size(max = 254, message = "must be at most 254 characters")
        @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be a valid email address")
        String email,

        @NotBlank(message = "must not be blank")
        @Size(max = 100, message = "must be at most 100 characters")
        String name,

        @NotNull(message = "is required")
        @PasswordLength
        String password) {

    public NewUser {
        email = email == null ? null : normalizedEmail(email);
        name = name == null ? null : name.strip();
    }

    /** An email as it is stored and looked up: trimmed and lowercased, so the unique key decides. */
    static String normalizedEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "NewUser[email=" + email + ", name=" + name + "]";
    }
}
