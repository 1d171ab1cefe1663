package webstack.hello;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import webstack.system.AppContext;
import webstack.system.GetOnlyServlet;

/**
 * The same page as {@link HelloServlet} written the plain-servlet way, without a template,
 * at {@code /raw/{word}/{count}}: the baseline that shows what the template costs.
 */
public final class RawHelloServlet extends GetOnlyServlet {

    private HelloPath route;

    @Override
    public void init() throws ServletException {
        route = new HelloPath(AppContext.of(getServletContext()).config().helloMaxCount);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HelloRequest hello = HelloServlet.parse(route, req.getPathInfo(), req, resp);
        if (hello == null) return;
        resp.setContentType(HelloServlet.CONTENT_TYPE);
        PrintWriter out = resp.getWriter();
        for (int i = 0; i < hello.count(); i++) {
            out.print(i);
            out.print(": ");
            out.print(hello.word());
            out.print('\n');
        }
    }
}
