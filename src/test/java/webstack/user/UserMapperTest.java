package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import webstack.testing.InMemoryDatabase;

/** The statements of UserMapper.xml on the real schema (H2 in MySQL mode). */
class UserMapperTest {

    private static final String HASH = "$2a$04$" + "h".repeat(53);
    private static final LocalDateTime CREATED = LocalDateTime.of(2026, 3, 4, 5, 6, 7, 123_456_000);

    @RegisterExtension
    final InMemoryDatabase db = InMemoryDatabase.open();
    private final SqlSession session = db.sessions().openSession(true);
    private final UserMapper users = session.getMapper(UserMapper.class);

    @AfterEach
    void closeSession() {
        session.close();
    }

    private User insert(String email) {
        var user = new User(email, "Name of " + email, HASH, CREATED);
        assertEquals(1, users.insert(user));
        return user;
    }

    @Test
    void insertSetsTheGeneratedId() {
        User first = insert("a@example.com");
        User second = insert("b@example.com");
        assertNotNull(first.getId());
        assertTrue(first.getId() > 0);
        assertTrue(second.getId() > first.getId());
    }

    @Test
    void findByIdReadsBackEveryColumn() {
        User inserted = insert("a@example.com");
        User found = users.findById(inserted.getId());
        assertEquals(inserted.getId(), found.getId());
        assertEquals("a@example.com", found.getEmail());
        assertEquals("Name of a@example.com", found.getName());
        assertEquals(HASH, found.getPasswordHash());
        assertTrue(found.isActive());
        assertEquals(CREATED, found.getCreatedAt(), "microseconds kept");
    }

    @Test
    void findByIdOfNoUserIsNull() {
        assertNull(users.findById(1));
    }

    @Test
    void findByEmailIsExact() {
        User inserted = insert("a@example.com");
        assertEquals(inserted.getId(), users.findByEmail("a@example.com").getId());
        assertNull(users.findByEmail("b@example.com"));
        assertNull(users.findByEmail("a@example.co"));
    }

    @Test
    void listIsOrderedByIdWithLimitAndOffset() {
        List<Long> ids = List.of(insert("c@example.com").getId(), insert("a@example.com").getId(),
                insert("b@example.com").getId(), insert("d@example.com").getId());
        assertEquals(ids, users.list(0, 10).stream().map(User::getId).toList());
        assertEquals(ids.subList(1, 3), users.list(1, 2).stream().map(User::getId).toList());
        assertEquals(ids.subList(3, 4), users.list(3, 2).stream().map(User::getId).toList());
        assertEquals(List.of(), users.list(4, 10));
        assertEquals(List.of(), users.list(Integer.MAX_VALUE, 100));
    }

    @Test
    void updateSetsOnlyTheGivenColumns() {
        long id = insert("a@example.com").getId();
        assertEquals(1, users.update(id, "Renamed", null, null));
        assertEquals("Renamed", users.findById(id).getName());
        assertTrue(users.findById(id).isActive());

        assertEquals(1, users.update(id, null, false, null));
        assertEquals("Renamed", users.findById(id).getName());
        assertFalse(users.findById(id).isActive());

        assertEquals(1, users.update(id, "Both", true, null));
        assertEquals("Both", users.findById(id).getName());
        assertTrue(users.findById(id).isActive());
        assertEquals("a@example.com", users.findById(id).getEmail());
    }

    @Test
    void updateOfNoUserChangesNoRow() {
        assertEquals(0, users.update(42, "Nobody", null, null));
    }

    @Test
    void deleteRemovesOneUserOnce() {
        long id = insert("a@example.com").getId();
        long other = insert("b@example.com").getId();
        assertEquals(1, users.delete(id));
        assertNull(users.findById(id));
        assertNotNull(users.findById(other));
        assertEquals(0, users.delete(id));
    }

    @Test
    void aSecondRowWithTheSameEmailViolatesTheUniqueKey() {
        insert("a@example.com");
        var e = assertThrows(PersistenceException.class, () -> insert("a@example.com"));
        assertTrue(e.getCause() instanceof SQLIntegrityConstraintViolationException, String.valueOf(e.getCause()));
    }
}
