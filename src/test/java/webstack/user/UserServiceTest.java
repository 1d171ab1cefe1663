package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import webstack.system.HttpError;
import webstack.testing.InMemoryDatabase;
import webstack.testing.TestWiring;

/** The user operations on the real schema, with the real bcrypt (at its lowest cost). */
class UserServiceTest {


    static final String PASSWORD = "correct horse battery";
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456789Z");

    @RegisterExtension
    final InMemoryDatabase db = InMemoryDatabase.open();
    private final UserService users = TestWiring.users(db, Clock.fixed(NOW, ZoneOffset.UTC));

    /** These tests act as an admin; who may do what is proved in UsersAuthorizationTest. */
    private Caller admin;

    @BeforeEach
    void anAdmin() {
        admin = TestWiring.admin(users);
    }

    /** Every user but the admin, in id order. */
    private List<UserView> others() {
        return users.list(admin, 0, 100).stream().filter(user -> user.id() != admin.id()).toList();
    }

    private UserView register(String email) {
        return users.register(new NewUser(email, "Name", PASSWORD));
    }

    private User row(long id) {
        try (SqlSession session = db.sessions().openSession(true)) {
            return session.getMapper(UserMapper.class).findById(id);
        }
    }

    private static void assertHttpError(int status, String detail, Executable call) {
        HttpError e = assertThrows(HttpError.class, call);
        assertEquals(status, e.status());
        assertEquals(detail, e.getMessage());
    }

    @Test
    void registerStoresTheNormalizedUserWithAHashedPassword() {
        UserView view = users.register(new NewUser("  Ann@Example.COM ", "  Ann Smith ", PASSWORD));
        assertTrue(view.id() > 0);
        assertEquals("ann@example.com", view.email());
        assertEquals("Ann Smith", view.name());
        assertTrue(view.isActive());
        assertEquals(Instant.parse("2026-03-04T05:06:07.123Z"), view.createdAt(), "the clock's UTC time, to the millisecond");

        User stored = row(view.id());
        assertEquals("ann@example.com", stored.getEmail());
        assertTrue(stored.getPasswordHash().startsWith("$2a$04$"), stored.getPasswordHash());
        assertTrue(TestWiring.hasher(TestWiring.BCRYPT_COST).matches(PASSWORD, stored.getPasswordHash()));
    }

    @Test
    void anEmailIsRegisteredOnceWhateverItsCase() {
        register("ann@example.com");
        assertHttpError(400, "Email already registered", () -> register(" ANN@example.com"));
        assertEquals(1, others().size());
    }

    @Test
    void twentyRacingRegistrationsOfOneEmailHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            var start = new CountDownLatch(1);
            List<Future<UserView>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return register("race@example.com");
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<UserView> answer : answers) {
                try {
                    answer.get(30, TimeUnit.SECONDS);
                    created++;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof HttpError refused) || refused.status() != 400
                            || !refused.getMessage().equals("Email already registered")) {
                        throw new AssertionError("a loser must be told the email is taken", e.getCause());
                    }
                }
            }
            assertEquals(1, created);
            assertEquals(1, others().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void getReadsOneUser() {
        UserView registered = register("ann@example.com");
        assertEquals(registered, users.get(admin, registered.id()));
        assertHttpError(404, "User not found", () -> users.get(admin, registered.id() + 1));
    }

    @Test
    void listPagesInIdOrder() {
        List<Long> ids = List.of(register("c@example.com").id(), register("a@example.com").id(), register("b@example.com").id());
        // The admin, made first, is the first page's first user.
        assertEquals(admin.id(), users.list(admin, 0, 1).get(0).id());
        assertEquals(ids, users.list(admin, 1, 10).stream().map(UserView::id).toList());
        assertEquals(ids.subList(1, 2), users.list(admin, 2, 1).stream().map(UserView::id).toList());
        assertEquals(List.of(), users.list(admin, 4, 10));
    }

    @Test
    void updateChangesOnlyWhatThePatchNames() {
        long id = register("ann@example.com").id();
        UserView renamed = users.update(admin, id, new UserPatch("  New Name ", null, null));
        assertEquals("New Name", renamed.name());
        assertTrue(renamed.isActive());
        assertEquals("ann@example.com", renamed.email());

        UserView deactivated = users.update(admin, id, new UserPatch(null, false, null));
        assertEquals("New Name", deactivated.name());
        assertFalse(deactivated.isActive());

        assertEquals(deactivated, users.update(admin, id, new UserPatch(null, null, null)), "an empty patch changes nothing");
        assertEquals(deactivated, users.get(admin, id));
    }

    @Test
    void updateOfNoUserIsNotFound() {
        assertHttpError(404, "User not found", () -> users.update(admin, 7, new UserPatch("X", null, null)));
        assertHttpError(404, "User not found", () -> users.update(admin, 7, new UserPatch(null, null, null)));
    }

    @Test
    void deleteRemovesTheUser() {
        long id = register("ann@example.com").id();
        users.delete(admin, id);
        assertHttpError(404, "User not found", () -> users.get(admin, id));
        assertHttpError(404, "User not found", () -> users.delete(admin, id));
    }

    @Test
    void aCallersTokenHoldsWhileItsUserIsActiveWithTheTokensVersion() {
        long id = register("ann@example.com").id();
        long other = register("bob@example.com").id();
        var ann = new Caller(id, row(id).getTokenVersion());
        assertEquals("ann@example.com", users.get(ann, id).email(), "its own email");
        assertNull(users.get(ann, other).email(), "not another user's");
        assertEquals(2, users.list(ann, 1, 10).size());

        for (Caller stale : List.of(new Caller(id, ann.tokenVersion() + 1), new Caller(other + 1, 0))) {
            assertHttpError(401, "Invalid token", () -> users.get(stale, id));
        }
        users.update(admin, id, new UserPatch(null, false, null));
        // Deactivated: every operation refuses the token at once, though its user is read with the target.
        assertHttpError(401, "Invalid token", () -> users.get(ann, id));
        assertHttpError(401, "Invalid token", () -> users.get(ann, other));
        assertHttpError(401, "Invalid token", () -> users.list(ann, 0, 10));
        assertHttpError(401, "Invalid token", () -> users.update(ann, id, new UserPatch("X", null, null)));
        assertHttpError(401, "Invalid token", () -> users.delete(ann, id));
        users.delete(admin, id);
        assertHttpError(401, "Invalid token", () -> users.get(ann, other));
    }

    @Test
    void authenticateNeedsTheRightPasswordOfAnActiveUser() {
        long id = register("ann@example.com").id();
        assertEquals(id, users.authenticate("ann@example.com", PASSWORD).getId());
        assertEquals(id, users.authenticate("  ANN@example.com ", PASSWORD).getId(), "the email as registration normalizes it");
        assertNull(users.authenticate("ann@example.com", PASSWORD + "!"));
        assertNull(users.authenticate("bob@example.com", PASSWORD));
        users.update(admin, id, new UserPatch(null, false, null));
        assertNull(users.authenticate("ann@example.com", PASSWORD), "inactive");
    }

    @Test
    void passwordsAndHashesStayOutOfToString() {
        var request = new NewUser("ann@example.com", "Ann", PASSWORD);
        assertFalse(request.toString().contains(PASSWORD), request.toString());
        User stored = row(register("ann@example.com").id());
        assertNotNull(stored.getPasswordHash());
        assertFalse(stored.toString().contains(stored.getPasswordHash()), stored.toString());
        assertFalse(stored.toString().contains("$2a$"), stored.toString());
    }
}
