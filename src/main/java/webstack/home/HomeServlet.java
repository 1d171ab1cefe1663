package webstack.home;

import freemarker.template.Template;
import freemarker.template.TemplateException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import webstack.system.AppContext;
import webstack.system.GetOnlyServlet;

/** {@code GET /}: the HTML home page, {@code home.ftlh}. */
public final class HomeServlet extends GetOnlyServlet {

    private Template template;
    private Map<String, Object> model;

    @Override
    public void init() throws ServletException {
        AppContext app = AppContext.of(getServletContext());
        try {
            template = app.templates().getTemplate("home.ftlh");
        } catch (IOException e) {
            throw new ServletException("cannot load home.ftlh", e);
        }
        model = Map.of(
                "helloMaxCount", app.config().helloMaxCount,
                "serverInfo", getServletContext().getServerInfo(),
                "javaVersion", Runtime.version().toString());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        resp.setContentType("text/html;charset=UTF-8");
        try {
            template.process(model, resp.getWriter());
        } catch (TemplateException e) {
            throw new ServletException("home.ftlh failed", e);
        }
    }
}
