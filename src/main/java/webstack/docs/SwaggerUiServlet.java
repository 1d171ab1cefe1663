package webstack.docs;

import freemarker.template.Template;
import freemarker.template.TemplateException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import webstack.system.HttpError;
import webstack.system.Responses;

/**
 * {@code GET /docs}: Swagger UI over {@code /openapi.json}, and {@code GET /docs/{file}}: its
 * script, style and icons, from the {@code org.webjars:swagger-ui} jar (no CDN). The page
 * ({@code docs.ftlh}) starts Swagger UI from {@code /static/docs.js}, never an inline script,
 * so it runs under a Content-Security-Policy that allows only the site's own scripts.
 */
public final class SwaggerUiServlet extends HttpServlet {

    /**
     * Replaces the page policy for this page alone: Swagger UI is a script, sets inline styles,
     * draws icons from {@code data:} URIs, and calls the API from the page ("Try it out").
     */
    public static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/";
    /** The files the page uses, and their types; nothing else of the jar is served. */
    private static final Map<String, String> FILES = Map.of(
            "swagger-ui.css", "text/css;charset=UTF-8",
            "swagger-ui-bundle.js", "text/javascript;charset=UTF-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    private final Template page;
    private final String version;
    private final Map<String, byte[]> files;

    public SwaggerUiServlet(Template page) {
        this.page = page;
        this.version = webjarVersion();
        this.files = FILES.keySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(f -> f, this::read));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        resp.setHeader("Content-Security-Policy", POLICY);
        String file = req.getPathInfo();
        if (file == null) {
            resp.setContentType("text/html;charset=UTF-8");
            try {
                page.process(Map.of("swaggerUiVersion", version), resp.getWriter());
            } catch (TemplateException e) {
                throw new ServletException("docs.ftlh failed", e);
            }
            return;
        }
        String name = file.substring(1);
        byte[] body = files.get(name);
        if (body == null) throw HttpError.notFound("No such file");
        // Versioned by the WAR: a day in caches costs at most a day of an old Swagger UI.
        resp.setHeader("Cache-Control", "public, max-age=86400");
        Responses.bytes(resp, HttpServletResponse.SC_OK, FILES.get(name), body);
    }

    private byte[] read(String name) {
        String path = WEBJAR + version + "/" + name;
        try (InputStream in = SwaggerUiServlet.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("no " + path + " in the swagger-ui WebJar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The WebJar's version, from its Maven properties: the path of its files. */
    private static String webjarVersion() {
        var props = new java.util.Properties();
        try (InputStream in = SwaggerUiServlet.class.getResourceAsStream(
                "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("the swagger-ui WebJar is not on the classpath");
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the swagger-ui WebJar's version", e);
        }
        return props.getProperty("version");
    }
}
