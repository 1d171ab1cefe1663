package webstack.user;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;
import webstack.system.HttpError;
import webstack.system.JsonBodies;
import webstack.system.Suspension;

/**
 * The {@code users} resource: {@code /users} (list, create) and {@code /users/{id}} (read,
 * update, delete). Which of these need a token is said in the route table.
 */
public final class UsersServlet extends HttpServlet {

    /** The methods of {@code /users} and of {@code /users/{id}}: the route table gives each template its own. */
    public static final Set<String> ON_COLLECTION = Set.of("GET", "HEAD", "POST");
    public static final Set<String> ON_USER = Set.of("GET", "HEAD", "PATCH", "DELETE");
    /** Both, for a route that serves the two templates at once; which fit is then checked here. */
    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PATCH", "DELETE");
    private static final Pattern USER_ID = Pattern.compile("[0-9]{1,19}");
    private static final Pattern QUERY_INT = Pattern.compile("-?[0-9]{1,10}");

    private final UserService users;
    private final JsonBodies json;

    public UsersServlet(UserService users, JsonBodies json) {
        this.users = users;
        this.json = json;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws jakarta.servlet.ServletException, IOException {
        // User data: never kept by a browser or a shared cache.
        resp.setHeader("Cache-Control", "no-store");
        super.service(req, resp);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (isCollection(req)) {
            int skip = queryInt(req, "skip", 0, 0, Integer.MAX_VALUE);
            int limit = queryInt(req, "limit", 10, 1, 100);
            json.write(resp, 200, users.list(Caller.of(req), skip, limit));
        } else {
            json.write(resp, 200, users.get(Caller.of(req), userId(req)));
        }
    }

    /**
     * The password is hashed while the request waits without a thread ({@link Suspension}):
     * a registration flood never holds the request threads that reads need.
     */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!isCollection(req)) throw HttpError.methodNotAllowed("POST", withPreflight(ON_USER));
        NewUser input = json.read(req, NewUser.class);
        String hash = Suspension.await(req, resp, "passwordHash", () -> users.hashPassword(input));
        if (hash == null) return; // back here, with the body read again, when the hash is in
        UserView created = users.register(input, hash);
        resp.setHeader("Location", "/users/" + created.id());
        json.write(resp, 201, created);
    }

    @Override
    protected void doPatch(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long id = itemId(req, "PATCH");
        json.write(resp, 200, users.update(Caller.of(req), id, json.read(req, UserPatch.class)));
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        users.delete(Caller.of(req), itemId(req, "DELETE"));
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private static Set<String> withPreflight(Set<String> methods) {
        var allowed = new java.util.HashSet<>(methods);
        allowed.add("OPTIONS");
        return allowed;
    }

    private static boolean isCollection(HttpServletRequest req) {
        return req.getPathInfo() == null;
    }

    private static long itemId(HttpServletRequest req, String method) {
        if (isCollection(req)) throw HttpError.methodNotAllowed(method, withPreflight(ON_COLLECTION));
        return userId(req);
    }

    /** The id of {@code /users/{id}}: a positive 63-bit integer, else 400 "Invalid user ID". */
    static long userId(HttpServletRequest req) {
        String segment = req.getPathInfo().substring(1);
        if (!USER_ID.matcher(segment).matches()) throw HttpError.badRequest("Invalid user ID");
        try {
            long id = Long.parseLong(segment);
            if (id < 1) throw HttpError.badRequest("Invalid user ID");
            return id;
        } catch (NumberFormatException tooLarge) {
            throw HttpError.badRequest("Invalid user ID");
        }
    }

    private static int queryInt(HttpServletRequest req, String name, int defaultValue, int min, int max) {
        String raw = req.getParameter(name);
        if (raw == null) return defaultValue;
        String bound = max == Integer.MAX_VALUE ? ">= " + min : min + " to " + max;
        String problem = name + " must be an integer " + bound;
        if (!QUERY_INT.matcher(raw.strip()).matches()) throw invalidQuery(name, problem);
        long value = Long.parseLong(raw.strip());
        if (value < min || value > max) throw invalidQuery(name, problem);
        return (int) value;
    }

    private static HttpError invalidQuery(String name, String message) {
        return new HttpError(422, "Invalid query parameter '" + name + "'",
                java.util.List.of(new HttpError.FieldError(name, message)));
    }
}
