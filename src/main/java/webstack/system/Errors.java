package webstack.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become answers. An {@link HttpError} is answered as it says;
 * a database that cannot be reached, or a write that kept conflicting, is a 503 the client
 * may retry; anything else is a bug,
 * logged once with its stack trace and answered 500 without internals. API routes get an
 * RFC 9457 problem, HTML routes the error page {@code error.ftlh}; both name the request's id.
 */
public final class Errors {

    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);
    static final String DATABASE_UNAVAILABLE = "Database unavailable, try again shortly";
    static final String WRITE_CONFLICT = "The write conflicted with another one, try again";
    static final String MALFORMED_PARAMETERS = "Malformed query string or too many parameters";
    /** What Tomcat throws from getParameter when it cannot decode the parameters or there are too many. */
    private static final String TOMCAT_INVALID_PARAMETERS = "org.apache.tomcat.util.http.InvalidParameterException";

    private final Problems problems;
    private final Template page;

    public Errors(ObjectMapper json, Configuration templates) throws IOException {
        this.problems = new Problems(json);
        this.page = templates.getTemplate("error.ftlh");
    }

    /** Answers {@code error} in the way routes of {@code kind} answer errors. */
    public void write(HttpServletRequest req, HttpServletResponse resp, Route.Kind kind, Throwable error)
            throws IOException {
        write(resp, kind, answerFor(req, error));
    }

    public void write(HttpServletResponse resp, Route.Kind kind, HttpError error) throws IOException {
        // Part of the answer has left already: nothing else can be said to this client.
        if (resp.isCommitted()) return;
        resp.resetBuffer();
        error.headers().forEach(resp::setHeader);
        if (kind == Route.Kind.API) {
            problems.write(resp, error);
        } else {
            Responses.bytes(resp, error.status(), "text/html;charset=UTF-8", errorPage(error, resp.getHeader(RequestIds.HEADER)));
        }
    }

    /** What to answer for an exception; logs it when it is not the client's doing. */
    HttpError answerFor(HttpServletRequest req, Throwable error) {
        Throwable e = error instanceof ServletException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpError answer) return answer;
        if (isMalformedParameters(e)) return HttpError.badRequest(MALFORMED_PARAMETERS);
        if (isConflict(e)) {
            // webstack.db.Conflicts ran it again as often as it does: still conflicting.
            LOG.warn("Write conflicted on every attempt: {} {}", req.getMethod(), req.getRequestURI());
            return HttpError.busy(WRITE_CONFLICT);
        }
        if (isDatabaseUnavailable(e)) {
            LOG.warn("Database unavailable: {} {}: {}", req.getMethod(), req.getRequestURI(), rootMessage(e));
            return new HttpError(503, DATABASE_UNAVAILABLE);
        }
        LOG.error("Unexpected error on {} {}", req.getMethod(), req.getRequestURI(), e);
        return new HttpError(500, "Internal error");
    }

    private byte[] errorPage(HttpError error, String requestId) throws IOException {
        var out = new StringWriter(1024);
        try {
            page.process(Map.of("status", error.status(), "title", Problems.title(error.status()),
                    "detail", error.getMessage() == null ? "" : error.getMessage(),
                    "requestId", requestId == null ? "" : requestId), out);
        } catch (TemplateException e) {
            throw new IllegalStateException("error.ftlh cannot render", e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether an exception means the database could not be reached (answer 503), not a bug. */
    public static boolean isDatabaseUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof SQLTimeoutException) {
                return true;
            }
            // SQLSTATE class 08: connection exception.
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t.getClass().getName().equals("com.mysql.cj.exceptions.CJCommunicationsException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code error} is a transaction the database rolled back for a conflict with
     * another: a deadlock, or on a Galera cluster a commit that failed certification (both
     * error 1213, SQLSTATE 40001). Nothing of it was written; it may be run again.
     */
    public static boolean isConflict(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransactionRollbackException) return true;
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || sql.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }

    /** A client's bad query string (a stray {@code %}, invalid UTF-8, a parameter flood): its fault, a 400. */
    static boolean isMalformedParameters(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals(TOMCAT_INVALID_PARAMETERS)) return true;
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
