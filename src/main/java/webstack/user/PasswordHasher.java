package webstack.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt hashing of passwords, at a configurable cost. */
public final class PasswordHasher {

    private final int cost;
    /** Checked against when the user does not exist, so a wrong email costs as much time as a wrong password. */
    private final String decoy;

    public PasswordHasher(int cost) {
        this.cost = cost;
        this.decoy = hash("decoy password, never matches");
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 72) return false; // never stored: registration refuses them
        return BCrypt.verifyer().verify(bytes, (hash == null ? decoy : hash).getBytes(StandardCharsets.UTF_8)).verified
                && hash != null;
    }
}
