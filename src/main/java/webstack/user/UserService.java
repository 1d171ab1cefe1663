package webstack.user;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import webstack.db.Conflicts;
import webstack.system.HttpError;

/** The user operations, each in one session (and one transaction where it writes). */
public final class UserService {

    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);

    private final SqlSessionFactory sessions;
    private final PasswordHasher hasher;
    private final LoginBackoff backoff;
    private final Clock clock;

    public UserService(SqlSessionFactory sessions, PasswordHasher hasher, LoginBackoff backoff, Clock clock) {
        this.sessions = sessions;
        this.hasher = hasher;
        this.backoff = backoff;
        this.clock = clock;
    }

    public UserView register(NewUser request) {
        return register(request, hasher.hash(request.password()));
    }

    /**
     * The new user's password hash, when its bcrypt turn comes (a 503 if it does not in time),
     * without holding the caller's thread meanwhile: then {@link #register(NewUser, String)}.
     */
    public CompletableFuture<String> hashPassword(NewUser request) {
        return hasher.hashLater(request.password());
    }

    /** Stores a new user whose password {@link #hashPassword} hashed. */
    public UserView register(NewUser request, String passwordHash) {
        // Hashed before taking a connection: bcrypt is the slow part and needs no database.
        var user = new User(request.email(), request.name(), passwordHash,
                LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS));
        // A conflict (Galera: another node's commit of the same email) is run again, and
        // then meets the unique key like any later registration.
        Conflicts.retry(() -> {
            try (SqlSession session = sessions.openSession(true)) {
                session.getMapper(UserMapper.class).insert(user);
            } catch (PersistenceException e) {
                // The unique key decides, so concurrent registrations of one email get one winner.
                if (isDuplicateKey(e)) throw HttpError.badRequest("Email already registered");
                throw e;
            }
        });
        return UserView.of(user, true);
    }

    /**
     * Any caller may read a user; the email only if it may manage that user. One statement
     * reads the caller and the user together: the token's check costs no round trip of its own.
     */
    public UserView get(Caller caller, long id) {
        try (SqlSession session = sessions.openSession(true)) {
            User me = null, user = null;
            for (User row : session.getMapper(UserMapper.class).findPair(caller.id(), id)) {
                if (row.getId() == caller.id()) me = row;
                if (row.getId() == id) user = row;
            }
            me = caller.confirmedBy(me);
            return UserView.of(found(user), Caller.mayManage(me, id));
        }
    }

    public List<UserView> list(Caller caller, int skip, int limit) {
        try (SqlSession session = sessions.openSession(true)) {
            UserMapper users = session.getMapper(UserMapper.class);
            User me = caller.confirmedBy(users.findById(caller.id()));
            return users.list(skip, limit).stream()
                    .map(user -> UserView.of(user, Caller.mayManage(me, user.getId()))).toList();
        }
    }

    /** A user changes its own account, an admin any; a new password or a deactivation ends its tokens. */
    public UserView update(Caller caller, long id, UserPatch patch) {
        requireMayManage(caller, id);
        // Hash before taking a connection, as at registration.
        String passwordHash = patch.password() == null ? null : hasher.hash(patch.password());
        return Conflicts.retry(() -> {
            try (SqlSession session = sessions.openSession(false)) {
                UserMapper users = session.getMapper(UserMapper.class);
                if (!patch.isEmpty()) users.update(id, patch.name(), patch.isActive(), passwordHash);
                User user = found(users.findById(id));
                session.commit();
                return UserView.of(user, true);
            }
        });
    }

    public void delete(Caller caller, long id) {
        Conflicts.retry(() -> {
            try (SqlSession session = sessions.openSession(true)) {
                UserMapper users = session.getMapper(UserMapper.class);
                requireMayManage(caller.confirmedBy(users.findById(caller.id())), id);
                if (users.delete(id) == 0) throw userNotFound();
            }
        });
    }

    /**
     * The active user with these credentials, or null. Costs one bcrypt check either way. An
     * account that failed too often in a row refuses every attempt for a while: 429 with
     * {@code Retry-After}, the password not even checked.
     */
    public User authenticate(String email, String password) {
        User user;
        try (SqlSession session = sessions.openSession(true)) {
            user = session.getMapper(UserMapper.class).findByEmail(NewUser.normalizedEmail(email));
        }
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
        if (user != null && user.getLockedUntil() != null && now.isBefore(user.getLockedUntil())) {
            long seconds = Math.max(1, java.time.Duration.between(now, user.getLockedUntil()).toSeconds());
            LOG.warn("Login refused: user {} is locked for another {} s", user.getId(), seconds);
            throw new HttpError(429, "Too many failed logins for this account: try again in " + seconds + " s",
                    List.of(), java.util.Map.of("Retry-After", Long.toString(seconds)));
        }
        boolean matches = hasher.matches(password, user == null ? null : user.getPasswordHash());
        // Who was refused and why, by account id: never the email or the password given.
        if (user == null) {
            LOG.info("Login refused: no account with that email");
            return null;
        }
        recordLogin(user, matches, now);
        if (matches && !user.isActive()) LOG.info("Login refused: user {} is deactivated", user.getId());
        return matches && user.isActive() ? user : null;
    }

    /** The login's outcome on the account: its failures in a row cleared, or one more (and a lock). */
    private void recordLogin(User user, boolean matches, LocalDateTime now) {
        Conflicts.retry(() -> {
            try (SqlSession session = sessions.openSession(true)) {
                UserMapper users = session.getMapper(UserMapper.class);
                if (matches) {
                    users.clearFailedLogins(user.getId());
                    return;
                }
                int failures = user.getFailedLogins() + 1;
                var lock = backoff.lockAfter(failures);
                users.recordFailedLogin(user.getId(), lock.isZero() ? null : now.plus(lock).truncatedTo(ChronoUnit.MILLIS));
                if (lock.isZero()) {
                    LOG.info("Login refused: wrong password for user {} ({} in a row)", user.getId(), failures);
                } else {
                    LOG.warn("Login refused: wrong password for user {} ({} in a row), locked for {} s",
                            user.getId(), failures, lock.toSeconds());
                }
            }
        });
    }

    /**
     * The operator's admin account, from the deployment's settings: created when missing, else
     * made admin and active with this password. Run at start-up by every instance; changes
     * nothing (and ends no token) when the account is already so.
     */
    public void ensureAdmin(String email, String name, String password) {
        String normalized = NewUser.normalizedEmail(email);
        User existing;
        try (SqlSession session = sessions.openSession(true)) {
            existing = session.getMapper(UserMapper.class).findByEmail(normalized);
        }
        if (existing != null && existing.isAdmin() && existing.isActive()
                && hasher.matches(password, existing.getPasswordHash())) {
            return;
        }
        String hash = hasher.hash(password);
        try (SqlSession session = sessions.openSession(true)) {
            UserMapper users = session.getMapper(UserMapper.class);
            if (existing == null) {
                var admin = new User(normalized, name, hash,
                        LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS));
                admin.setAdmin(true);
                try {
                    users.insert(admin);
                    return;
                } catch (PersistenceException e) {
                    // Another instance starting at the same time created it: make it ours below.
                    if (!isDuplicateKey(e)) throw e;
                }
            }
            users.makeAdmin(normalized, hash);
        }
    }

    /** The caller's token, confirmed in a session of its own: before the slow work (bcrypt), as the filter once did. */
    private void requireMayManage(Caller caller, long id) {
        try (SqlSession session = sessions.openSession(true)) {
            requireMayManage(caller.confirmedBy(session.getMapper(UserMapper.class).findById(caller.id())), id);
        }
    }

    private static void requireMayManage(User confirmed, long id) {
        if (!Caller.mayManage(confirmed, id)) {
            throw new HttpError(403, "Only the account's owner or an admin may change it");
        }
    }

    private static User found(User user) {
        if (user == null) throw userNotFound();
        return user;
    }

    private static HttpError userNotFound() {
        return HttpError.notFound("User not found");
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) return true;
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("23000") || sql.getSQLState().equals("23505"))) {
                return true;
            }
        }
        return false;
    }
}
