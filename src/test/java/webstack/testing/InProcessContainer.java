package webstack.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockFilterConfig;
import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletConfig;
import org.springframework.mock.web.MockServletContext;

/**
 * A servlet context that keeps what the route table registers (servlets with their URL
 * patterns, filters mapped to servlet names or to every path) and runs a request through it as
 * the container would: the servlet its path maps to (exact, then longest {@code /prefix/*},
 * then {@code /}; {@code ""} is the context root), the request filters mapped to {@code /*},
 * then that servlet's, each in the order they were mapped, then the servlet. spring-test's {@link MockServletContext} refuses registrations,
 * which {@code webstack.system.Routes} needs.
 *
 * <p>Paths are given decoded, as the container hands them to servlets; error dispatches to
 * the error page are not simulated (exceptions that escape the chain reach the test).
 */
public final class InProcessContainer extends MockServletContext {

    private final Map<String, Servlet> servlets = new HashMap<>();
    private final Map<String, ServletEntry> servletEntries = new HashMap<>();
    private final Map<String, String> servletByPattern = new HashMap<>();
    private final Map<String, Filter> filters = new HashMap<>();
    /** {filter name, servlet name} for REQUEST dispatches, in the order mapped: the order of every chain. */
    private final List<String[]> requestFilterMappings = new ArrayList<>();
    /** Filters mapped to {@code /*} for REQUEST dispatches: as the spec says, ahead of those mapped to servlet names. */
    private final List<String> everyPathFilters = new ArrayList<>();

    private record Target(String servlet, String pattern, MappingMatch match, String servletPath, String pathInfo) {
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String name, Servlet servlet) {
        if (servlets.containsKey(name)) return null;
        initialize(() -> servlet.init(new MockServletConfig(this, name)));
        servlets.put(name, servlet);
        var entry = new ServletEntry(name, servlet.getClass().getName());
        servletEntries.put(name, entry);
        return entry;
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String name, Filter filter) {
        if (filters.containsKey(name)) return null;
        initialize(() -> filter.init(new MockFilterConfig(this, name)));
        filters.put(name, filter);
        return new FilterEntry(name, filter.getClass().getName());
    }

    /** A servlet's or a filter's init, which the container calls when it is added. */
    @FunctionalInterface
    private interface Init {
        void run() throws ServletException;
    }

    private static void initialize(Init init) {
        try {
            init.run();
        } catch (ServletException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ServletRegistration getServletRegistration(String name) {
        return servletEntries.get(name);
    }

    /** A request for {@code target}: a decoded path, with an optional query string that also becomes parameters. */
    public MockHttpServletRequest request(String method, String target) {
        int q = target.indexOf('?');
        var request = new MockHttpServletRequest(this, method, q < 0 ? target : target.substring(0, q));
        if (q >= 0) {
            request.setQueryString(target.substring(q + 1));
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                request.addParameter(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return request;
    }

    /** A request with a body of {@code contentType} (null: no Content-Type header). */
    public MockHttpServletRequest request(String method, String target, String contentType, String body) {
        MockHttpServletRequest request = request(method, target);
        request.setContentType(contentType);
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    public MockHttpServletRequest json(String method, String target, String body) {
        return request(method, target, "application/json", body);
    }

    /** Maps the request to its servlet and runs the servlet's filter chain; the answer. */
    public MockHttpServletResponse perform(MockHttpServletRequest request) throws IOException, ServletException {
        Target target = map(request.getRequestURI());
        request.setServletPath(target.servletPath());
        request.setPathInfo(target.pathInfo());
        request.setHttpServletMapping(new MockHttpServletMapping(
                matchValue(target), target.pattern(), target.servlet(), target.match()));
        List<Filter> chain = new ArrayList<>();
        for (String filter : everyPathFilters) chain.add(filters.get(filter));
        for (String[] mapping : requestFilterMappings) {
            if (mapping[1].equals(target.servlet())) chain.add(filters.get(mapping[0]));
        }
        var response = new MockHttpServletResponse();
        new MockFilterChain(servlets.get(target.servlet()), chain.toArray(Filter[]::new)).doFilter(request, response);
        return response;
    }

    private Target map(String path) {
        if (path.equals("/") && servletByPattern.containsKey("")) {
            return new Target(servletByPattern.get(""), "", MappingMatch.CONTEXT_ROOT, "", "/");
        }
        if (servletByPattern.containsKey(path)) {
            return new Target(servletByPattern.get(path), path, MappingMatch.EXACT, path, null);
        }
        String prefix = null;
        for (String pattern : servletByPattern.keySet()) {
            if (!pattern.endsWith("/*")) continue;
            String base = pattern.substring(0, pattern.length() - 2);
            boolean matches = path.equals(base) || path.startsWith(base + "/");
            if (matches && (prefix == null || base.length() > prefix.length())) prefix = base;
        }
        if (prefix != null) {
            String pathInfo = path.substring(prefix.length());
            return new Target(servletByPattern.get(prefix + "/*"), prefix + "/*", MappingMatch.PATH, prefix,
                    pathInfo.isEmpty() ? null : pathInfo);
        }
        if (servletByPattern.containsKey("/")) {
            return new Target(servletByPattern.get("/"), "/", MappingMatch.DEFAULT, path, null);
        }
        throw new AssertionError("no servlet is mapped to " + path);
    }

    private static String matchValue(Target target) {
        return switch (target.match()) {
            case EXACT -> target.servletPath().substring(1);
            case PATH -> target.pathInfo() == null ? "" : target.pathInfo().substring(1);
            default -> "";
        };
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** What both kinds of registration share: a name, a class, init parameters. */
    private abstract static class Entry {
        private final String name;
        private final String className;
        private final Map<String, String> initParameters = new HashMap<>();

        Entry(String name, String className) {
            this.name = name;
            this.className = className;
        }

        public String getName() {
            return name;
        }

        public String getClassName() {
            return className;
        }

        public boolean setInitParameter(String key, String value) {
            return initParameters.putIfAbsent(key, value) == null;
        }

        public String getInitParameter(String key) {
            return initParameters.get(key);
        }

        public Set<String> setInitParameters(Map<String, String> parameters) {
            Set<String> conflicts = new LinkedHashSet<>();
            parameters.forEach((k, v) -> {
                if (!setInitParameter(k, v)) conflicts.add(k);
            });
            return conflicts;
        }

        public Map<String, String> getInitParameters() {
            return Map.copyOf(initParameters);
        }

        public void setAsyncSupported(boolean supported) {
        }
    }

    private final class ServletEntry extends Entry implements ServletRegistration.Dynamic {
        ServletEntry(String name, String className) {
            super(name, className);
        }

        /** As the spec says: patterns mapped to another servlet are returned and nothing is mapped. */
        @Override
        public Set<String> addMapping(String... patterns) {
            Set<String> conflicts = new LinkedHashSet<>();
            for (String pattern : patterns) {
                String owner = servletByPattern.get(pattern);
                if (owner != null && !owner.equals(getName())) conflicts.add(pattern);
            }
            if (conflicts.isEmpty()) {
                for (String pattern : patterns) servletByPattern.put(pattern, getName());
            }
            return conflicts;
        }

        @Override
        public Collection<String> getMappings() {
            return servletByPattern.entrySet().stream().filter(e -> e.getValue().equals(getName())).map(Map.Entry::getKey).toList();
        }

        @Override
        public String getRunAsRole() {
            return null;
        }

        @Override
        public void setLoadOnStartup(int loadOnStartup) {
        }

        @Override
        public Set<String> setServletSecurity(ServletSecurityElement constraint) {
            return Set.of();
        }

        @Override
        public void setMultipartConfig(MultipartConfigElement multipartConfig) {
        }

        @Override
        public void setRunAsRole(String roleName) {
        }
    }

    private final class FilterEntry extends Entry implements FilterRegistration.Dynamic {
        FilterEntry(String name, String className) {
            super(name, className);
        }

        @Override
        public void addMappingForServletNames(EnumSet<DispatcherType> types, boolean isMatchAfter, String... servletNames) {
            if (!isMatchAfter) throw new UnsupportedOperationException("only mappings after the declared ones");
            if (!types.contains(DispatcherType.REQUEST)) return;
            for (String servlet : servletNames) requestFilterMappings.add(new String[] {getName(), servlet});
        }

        @Override
        public Collection<String> getServletNameMappings() {
            return requestFilterMappings.stream().filter(m -> m[0].equals(getName())).map(m -> m[1]).toList();
        }

        @Override
        public void addMappingForUrlPatterns(EnumSet<DispatcherType> types, boolean isMatchAfter, String... urlPatterns) {
            if (!List.of(urlPatterns).equals(List.of("/*"))) {
                throw new UnsupportedOperationException("the route table maps filters to servlet names, or to /*");
            }
            if (types.contains(DispatcherType.REQUEST)) everyPathFilters.add(getName());
        }

        @Override
        public Collection<String> getUrlPatternMappings() {
            return everyPathFilters.contains(getName()) ? List.of("/*") : List.of();
        }
    }
}
