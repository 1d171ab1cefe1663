package webstack.hello;

import freemarker.template.TemplateException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import webstack.system.AppContext;
import webstack.system.GetOnlyServlet;
import webstack.system.Responses;

/**
 * The 2011 benchmark page, {@code GET /{word}/{count}}, rendered by {@link HelloPage}.
 * Mapped to {@code /}, so it also answers 404 for every path no other route takes.
 */
public final class HelloServlet extends GetOnlyServlet {

    static final String CONTENT_TYPE = "text/plain;charset=UTF-8";

    private HelloPath route;
    private HelloPage page;

    @Override
    public void init() throws ServletException {
        AppContext app = AppContext.of(getServletContext());
        route = new HelloPath(app.config().helloMaxCount);
        try {
            page = new HelloPage(app.templates());
        } catch (IOException e) {
            throw new ServletException("cannot load the hello template", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        HelloRequest hello = parse(route, req.getServletPath(), req, resp);
        if (hello == null) return;
        byte[] body;
        try {
            body = page.renderBytes(hello);
        } catch (TemplateException e) {
            throw new ServletException("hello template failed", e);
        }
        Responses.bytes(resp, HttpServletResponse.SC_OK, CONTENT_TYPE, body);
    }

    /** Parses the path, or answers 404/400 and returns null. */
    static HelloRequest parse(HelloPath route, String path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        try {
            return route.parse(path);
        } catch (HelloPath.NoRoute e) {
            Responses.plainText(resp, HttpServletResponse.SC_NOT_FOUND, "Not found: " + req.getRequestURI());
        } catch (HelloPath.BadCount e) {
            Responses.plainText(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
        return null;
    }
}
