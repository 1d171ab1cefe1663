package webstack.system;

import java.util.List;
import java.util.Set;

/**
 * One entry of the route table: the servlet's name, the URL patterns it serves, the methods
 * it answers, whether CORS applies, and the kind of answer its errors get.
 */
public record Route(String name, Kind kind, Set<String> methods, boolean cors, List<String> patterns) {

    /** How a route's errors are written. */
    public enum Kind {
        /** JSON and the plain-text benchmark pages: every error is an RFC 9457 problem. */
        API,
        /** HTML pages: every error is an HTML error page. */
        PAGE
    }

    public Route {
        methods = Set.copyOf(methods);
        patterns = List.copyOf(patterns);
    }

    /** What {@code Allow} lists: the route's methods, and OPTIONS where CORS answers preflights. */
    public Set<String> allowed() {
        if (!cors) return methods;
        var all = new java.util.HashSet<>(methods);
        all.add("OPTIONS");
        return all;
    }
}
