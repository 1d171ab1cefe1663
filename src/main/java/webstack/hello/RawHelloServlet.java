package webstack.hello;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The same page as {@link HelloServlet} written the plain-servlet way, without a template,
 * at {@code /raw/{word}/{count}}: the baseline that shows what the template costs.
 */
public final class RawHelloServlet extends HttpServlet {

    private final HelloPath route;

    public RawHelloServlet(HelloPath route) {
        this.route = route;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HelloRequest hello = route.parse(req.getPathInfo());
        resp.setContentType(HelloServlet.CONTENT_TYPE);
        resp.setContentLengthLong(hello.pageBytes());
        PrintWriter out = resp.getWriter();
        for (int i = 0; i < hello.count(); i++) {
            out.print(i);
            out.print(": ");
            out.print(hello.word());
            out.print('\n');
        }
    }
}
