package webstack.home;

import freemarker.template.Template;
import freemarker.template.TemplateException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** {@code GET /}: the HTML home page, {@code home.ftlh}. */
public final class HomeServlet extends HttpServlet {

    private final Template template;
    private final int helloMaxCount;
    private final boolean showVersions;
    private Map<String, Object> model;

    /** {@code showVersions}: name the Tomcat and Java versions on the page (off by default: it helps attackers). */
    public HomeServlet(Template template, int helloMaxCount, boolean showVersions) {
        this.template = template;
        this.helloMaxCount = helloMaxCount;
        this.showVersions = showVersions;
    }

    @Override
    public void init() {
        model = showVersions
                ? Map.of("helloMaxCount", helloMaxCount, "serverInfo", getServletContext().getServerInfo(),
                        "javaVersion", Runtime.version().toString())
                : Map.of("helloMaxCount", helloMaxCount);
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
