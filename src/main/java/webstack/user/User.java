package webstack.user;

import java.time.LocalDateTime;

/** A row of {@code users}. {@code createdAt} is UTC. Mutable for MyBatis. */
public final class User {
    private Long id;
    private String email;
    private String name;
    private String passwordHash;
    private boolean active;
    private boolean admin;
    /** Tokens carry it; a password change or deactivation increments it, ending older tokens. */
    private int tokenVersion;
    private LocalDateTime createdAt;
    private int failedLogins;
    /** UTC; logins are refused until then (null: not locked). */
    private LocalDateTime lockedUntil;

    public User() {
    }

    public User(String email, String name, String passwordHash, LocalDateTime createdAt) {
        this.email = email;
        this.name = name;
        this.passwordHash = passwordHash;
        this.active = true;
        this.createdAt = createdAt;
    }

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getPasswordHash() { return passwordHash; }
    public void setPasswordHash(String passwordHash) { this.passwordHash = passwordHash; }
    public boolean isActive() { return active; }
    public void setActive(boolean active) { this.active = active; }
    public boolean isAdmin() { return admin; }
    public void setAdmin(boolean admin) { this.admin = admin; }
    public int getTokenVersion() { return tokenVersion; }
    public void setTokenVersion(int tokenVersion) { this.tokenVersion = tokenVersion; }
    public int getFailedLogins() { return failedLogins; }
    public void setFailedLogins(int failedLogins) { this.failedLogins = failedLogins; }
    public LocalDateTime getLockedUntil() { return lockedUntil; }
    public void setLockedUntil(LocalDateTime lockedUntil) { this.lockedUntil = lockedUntil; }
    public LocalDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(LocalDateTime createdAt) { this.createdAt = createdAt; }

    @Override
    public String toString() {
        // Never the password hash.
        return "User[id=" + id + ", email=" + email + ", active=" + active + ", admin=" + admin + "]";
    }
}
