package webstack.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The first filter of every request: gives it an id, so that one request can be followed
 * from nginx's access log to Tomcat's and to the application's log lines. The id is the
 * incoming {@code X-Request-Id} when well-formed (nginx sends its {@code $request_id}, or
 * the client's own), else a new one of 32 hex digits like nginx's. It goes into the logging
 * context (MDC {@code requestId}) for as long as this thread works on the request, into the
 * request attribute {@code requestId} (Tomcat's access log: {@code %{requestId}r}) and into the
 * response header {@code X-Request-Id}, which {@link Problems} repeats in problem bodies.
 */
public final class RequestIds extends HttpFilter {

    public static final String HEADER = "X-Request-Id";
    /** The request attribute, and the MDC key, holding the id. */
    public static final String KEY = "requestId";
    /** Letters, digits and {@code . _ -}, at most 64: safe in a log line, a header and JSON as they are. */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final HexFormat HEX = HexFormat.of();

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        // An ASYNC or ERROR dispatch of the same request keeps the id its first pass chose.
        String id = req.getAttribute(KEY) instanceof String known ? known : idFor(req.getHeader(HEADER));
        req.setAttribute(KEY, id);
        resp.setHeader(HEADER, id);
        // Per pass, on the thread of the pass: an asynchronous request's later passes run
        // on other threads, and a thread goes back to the pool with nothing of this request.
        MDC.put(KEY, id);
        try {
            chain.doFilter(req, resp);
        } finally {
            MDC.remove(KEY);
        }
    }

    /** The incoming id when it is well-formed, else a new one. */
    static String idFor(String incoming) {
        return incoming != null && WELL_FORMED.matcher(incoming).matches() ? incoming : generate();
    }

    /** 128 random bits as 32 hex digits; ids need to be unique, not unguessable. */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }
}
