package webstack.hello;

import freemarker.template.TemplateException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import webstack.system.Responses;

/**
 * The 2011 benchmark page, {@code GET /{word}/{count}}, rendered by {@link HelloPage}.
 * Mapped to {@code /}, so it also answers 404 for every path no other route takes.
 */
public final class HelloServlet extends HttpServlet {

    static final String CONTENT_TYPE = "text/plain;charset=UTF-8";

    private final HelloPath route;
    private final HelloPage page;

    public HelloServlet(HelloPath route, HelloPage page) {
        this.route = route;
        this.page = page;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        HelloRequest hello = route.parse(req.getServletPath());
        try {
            if (hello.pageBytes() <= HelloPage.BUFFERED_MAX_BYTES) {
                Responses.bytes(resp, HttpServletResponse.SC_OK, CONTENT_TYPE, page.renderBytes(hello));
            } else {
                resp.setContentType(CONTENT_TYPE);
                resp.setContentLengthLong(hello.pageBytes());
                page.render(hello, resp.getWriter());
            }
        } catch (TemplateException e) {
            throw new ServletException("hello template failed", e);
        }
    }
}
