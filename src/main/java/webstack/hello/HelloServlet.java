package webstack.hello;

import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import webstack.system.AppContext;
import webstack.system.GetOnlyServlet;
import webstack.system.PlainText;

/**
 * The 2011 benchmark page, {@code GET /{word}/{count}}, rendered by the FreeMarker template
 * {@code hello.ftl}. Mapped to {@code /}, so it also answers every path no other route takes.
 */
public final class HelloServlet extends GetOnlyServlet {

    static final String CONTENT_TYPE = "text/plain;charset=UTF-8";

    private HelloPath route;
    private Template template;

    @Override
    public void init() throws ServletException {
        AppContext app = AppContext.of(getServletContext());
        route = new HelloPath(app.config().helloMaxCount);
        try {
            template = app.templates().getTemplate("hello.ftl");
        } catch (IOException e) {
            throw new ServletException("cannot load hello.ftl", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        HelloRequest hello;
        try {
            hello = route.parse(req.getServletPath());
        } catch (HelloPath.NoRoute e) {
            PlainText.error(resp, HttpServletResponse.SC_NOT_FOUND, "Not found: " + req.getRequestURI());
            return;
        } catch (HelloPath.BadCount e) {
            PlainText.error(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        resp.setContentType(CONTENT_TYPE);
        try {
            template.process(new Model(hello), resp.getWriter());
        } catch (TemplateException e) {
            throw new ServletException("hello.ftl failed", e);
        }
    }

    /**
     * The template's data model, built without an object wrapper: two fields, no reflection
     * and no map on the hot path.
     */
    private static final class Model implements TemplateHashModel {
        private final SimpleScalar word;
        private final SimpleNumber count;

        Model(HelloRequest hello) {
            this.word = new SimpleScalar(hello.word());
            this.count = new SimpleNumber(hello.count());
        }

        @Override
        public TemplateModel get(String key) {
            return switch (key) {
                case "word" -> word;
                case "count" -> count;
                default -> null;
            };
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }
}
