package webstack.user;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;
import webstack.system.ApiException;
import webstack.system.ApiServlet;

/**
 * The {@code users} resource: {@code /users} (list, create) and {@code /users/{id}} (read,
 * update, delete). Which of these need a token is said in web.xml, where AuthFilter is mapped.
 */
public final class UsersServlet extends ApiServlet {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS");
    private static final Pattern USER_ID = Pattern.compile("[0-9]{1,19}");
    private static final Pattern QUERY_INT = Pattern.compile("-?[0-9]{1,10}");

    private UserService users;

    @Override
    public void init() throws jakarta.servlet.ServletException {
        super.init();
        users = app.users();
    }

    @Override
    protected Set<String> allowedMethods() {
        return METHODS;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (isCollection(req)) {
            int skip = queryInt(req, "skip", 0, 0, Integer.MAX_VALUE);
            int limit = queryInt(req, "limit", 10, 1, 100);
            writeJson(resp, 200, users.list(skip, limit));
        } else {
            writeJson(resp, 200, users.get(userId(req)));
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!isCollection(req)) {
            resp.setHeader("Allow", "GET, HEAD, PATCH, DELETE, OPTIONS");
            throw new ApiException(405, "POST creates users at /users");
        }
        UserView created = users.register(readJson(req, NewUser.class));
        resp.setHeader("Location", "/users/" + created.id());
        writeJson(resp, 201, created);
    }

    @Override
    protected void doPatch(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long id = itemId(req, "PATCH");
        writeJson(resp, 200, users.update(id, readJson(req, UserPatch.class)));
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        users.delete(itemId(req, "DELETE"));
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private static boolean isCollection(HttpServletRequest req) {
        return req.getPathInfo() == null;
    }

    private static long itemId(HttpServletRequest req, String method) {
        if (isCollection(req)) {
            throw new ApiException(405, method + " needs a user: /users/{id}");
        }
        return userId(req);
    }

    /** The id of {@code /users/{id}}: a positive 63-bit integer, else 400 "Invalid user ID". */
    static long userId(HttpServletRequest req) {
        String segment = req.getPathInfo().substring(1);
        if (!USER_ID.matcher(segment).matches()) throw ApiException.badRequest("Invalid user ID");
        try {
            long id = Long.parseLong(segment);
            if (id < 1) throw ApiException.badRequest("Invalid user ID");
            return id;
        } catch (NumberFormatException tooLarge) {
            throw ApiException.badRequest("Invalid user ID");
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

    private static ApiException invalidQuery(String name, String message) {
        return new ApiException(422, "Invalid query parameter '" + name + "'",
                java.util.List.of(new ApiException.FieldError(name, message)));
    }
}
