package webstack.user;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** SQL for {@code users}; the statements are in UserMapper.xml beside this interface. */
public interface UserMapper {

    /** Inserts and sets the generated id on {@code user}. */
    int insert(User user);

    User findById(long id);

    /**
     * The users with these ids: none, one (the same id twice, or one missing), or two; without
     * their password hashes and failed-login counts.
     */
    List<User> findPair(@Param("first") long first, @Param("second") long second);

    User findByEmail(String email);

    /** A page of users in id order, without their password hashes and failed-login counts. */
    List<User> list(@Param("skip") int skip, @Param("limit") int limit);

    /**
     * Sets name, active and/or the password hash where not null; a new password or a
     * deactivation ends the user's tokens. Returns the rows changed (0: no such user).
     */
    int update(@Param("id") long id, @Param("name") String name, @Param("active") Boolean active,
               @Param("passwordHash") String passwordHash);

    int makeAdmin(@Param("email") String email, @Param("passwordHash") String passwordHash);

    int delete(long id);

    /** One more failed login; {@code lockedUntil} (UTC, null: none) refuses logins until then. */
    int recordFailedLogin(@Param("id") long id, @Param("lockedUntil") java.time.LocalDateTime lockedUntil);

    int clearFailedLogins(long id);
}
