package webstack.system;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of the route table: the servlet's name, the path templates it serves (as
 * OpenAPI writes them, {@code /users/{id}}), the methods it answers, whether CORS applies, and
 * the kind of answer its errors get. The templates are what metrics and the API description
 * name a request by; the servlet container maps the {@link #patterns() patterns} made of them.
 */
public record Route(String name, Kind kind, Set<String> methods, boolean cors, List<String> templates) {

    /** How a route's errors are written. */
    public enum Kind {
        /** JSON and the plain-text benchmark pages: every error is an RFC 9457 problem. */
        API,
        /** HTML pages: every error is an HTML error page. */
        PAGE
    }

    public Route {
        methods = Set.copyOf(methods);
        templates = List.copyOf(templates);
        for (String template : templates) pattern(template);
    }

    /** What {@code Allow} lists: the route's methods, and OPTIONS where CORS answers preflights. */
    public Set<String> allowed() {
        if (!cors) return methods;
        var all = new HashSet<>(methods);
        all.add("OPTIONS");
        return all;
    }

    /** The servlet URL patterns of the templates, in the same order. */
    public List<String> patterns() {
        return templates.stream().map(Route::pattern).toList();
    }

    /**
     * The servlet URL pattern of a path template: {@code /} is the context root ({@code ""}),
     * a template without variables is an exact pattern, {@code /users/{id}} is the prefix
     * pattern {@code /users/*}, and a template that starts with a variable ({@code
     * /{word}/{count}}) is the default pattern {@code /}: whatever no other route takes.
     */
    public static String pattern(String template) {
        if (!template.startsWith("/")) throw new IllegalArgumentException("a path template starts with /: " + template);
        if (template.equals("/")) return "";
        int variable = template.indexOf("/{");
        if (variable < 0) {
            if (template.contains("{") || template.contains("*")) throw new IllegalArgumentException("bad template " + template);
            return template;
        }
        return variable == 0 ? "/" : template.substring(0, variable) + "/*";
    }
}
