package webstack.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import freemarker.cache.FileTemplateLoader;
import java.io.File;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import webstack.system.Templates;

/** Renders the real {@code webapp/WEB-INF/templates/hello.ftl} with the real configuration. */
class HelloPageTest {

    private static HelloPage page;

    @BeforeAll
    static void loadTemplate() throws IOException {
        page = new HelloPage(Templates.configuration(new FileTemplateLoader(new File("webapp/WEB-INF/templates"))));
    }

    private static String render(String word, int count) throws Exception {
        return new String(page.renderBytes(new HelloRequest(word, count)), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String expected(String word, int count) {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++) sb.append(i).append(": ").append(word).append('\n');
        return sb.toString();
    }

    @Test
    void helloHundredIsTheGoPagesBytes() throws Exception {
        String body = render("Hello", 100);
        assertEquals(990, body.length());
        assertEquals(expected("Hello", 100), body);
        assertEquals("0: Hello\n", body.substring(0, 9));
        assertEquals("99: Hello\n", body.substring(body.length() - 10));
    }

    @Test
    void numbersHaveNoGrouping() throws Exception {
        String body = render("x", 1001);
        assertEquals(expected("x", 1001), body);
        assertEquals(true, body.endsWith("\n1000: x\n"));
    }

    @Test
    void zeroLinesIsEmpty() throws Exception {
        assertEquals("", render("x", 0));
    }

    @Test
    void wordIsDataNotTemplateCode() throws Exception {
        assertEquals("0: ${7*7}\n1: ${7*7}\n", render("${7*7}", 2));
        assertEquals("0: <#list>\n", render("<#list>", 1));
        assertEquals("0: <b>&amp;</b>\n", render("<b>&amp;</b>", 1));
    }

    @Test
    void unicodeWordsPassThrough() throws Exception {
        assertEquals("0: Grüße\n1: Grüße\n", render("Grüße", 2));
    }
}
