package webstack.home;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import freemarker.cache.FileTemplateLoader;
import java.io.File;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import webstack.system.Templates;

/** The real {@code home.ftlh} with the real configuration: HTML output is auto-escaped. */
class HomeTemplateTest {

    @Test
    void interpolatedValuesAreHtmlEscaped() throws Exception {
        var cfg = Templates.configuration(new FileTemplateLoader(new File("webapp/WEB-INF/templates")));
        var out = new StringWriter();
        cfg.getTemplate("home.ftlh").process(Map.of(
                "helloMaxCount", 10_000,
                "serverInfo", "<script>alert('x')</script>",
                "javaVersion", "17&\""), out);
        String html = out.toString();
        assertFalse(html.contains("<script>"), "raw markup must not pass through");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("17&amp;&quot;"), html);
        assertTrue(html.contains("n ≤ 10000"), "numbers without grouping");
    }

    @Test
    void withoutVersionsThePageNamesNone() throws Exception {
        var cfg = Templates.configuration(new FileTemplateLoader(new File("webapp/WEB-INF/templates")));
        var out = new StringWriter();
        cfg.getTemplate("home.ftlh").process(Map.of("helloMaxCount", 10_000), out);
        assertFalse(out.toString().contains("Served by"), out.toString());
        assertTrue(out.toString().contains("A Jakarta Servlet WAR in Apache Tomcat."));
    }
}
