package webstack.testing;

import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import webstack.system.Routes;
import webstack.user.UserService;

/**
 * What the tests of the user-facing routes start from: a migrated in-memory database, the
 * user service over it, and a site whose route table is empty until the test adds its routes.
 * Registered as a test's extension, it is made for each test and dropped after it.
 */
public final class SiteWithUsers implements AfterEachCallback {

    public final InMemoryDatabase db = InMemoryDatabase.open();
    public final UserService users = TestWiring.users(db);
    public final InProcessContainer site = new InProcessContainer();
    public final Routes routes = TestWiring.routes(site);

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        db.close();
    }
}
