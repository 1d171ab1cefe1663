package webstack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.hello.HelloPage;
import webstack.hello.HelloPath;
import webstack.hello.HelloServlet;
import webstack.system.IpLiteral;
import webstack.system.Routes;
import webstack.testing.InProcessContainer;
import webstack.testing.TestWiring;

/**
 * GET /metrics answers the allowed addresses with the text format; any other caller gets
 * exactly the answer of a path that does not exist.
 */
class MetricsServletTest {

    private static final List<InetAddress> LOOPBACK = addresses("127.0.0.1", "::1");

    private final Metrics metrics = Metrics.empty();

    @AfterEach
    void close() {
        metrics.close();
    }

    private static List<InetAddress> addresses(String... literals) {
        return Arrays.stream(literals).map(IpLiteral::parse).toList();
    }

    /** The site's catch-all route, and /metrics when {@code allowed} is not null. */
    private InProcessContainer site(List<InetAddress> allowed) throws IOException {
        var site = new InProcessContainer();
        var hello = new HelloServlet(new HelloPath(100, 64, 1 << 16), new HelloPage(TestWiring.templates()));
        Routes routes = TestWiring.routes(site).text("hello", hello, "/{word}/{count}");
        if (allowed != null) routes.text("metrics", new MetricsServlet(metrics, allowed, hello), "/metrics");
        return site;
    }

    private static MockHttpServletResponse get(InProcessContainer site, String method, String from) throws Exception {
        var request = site.request(method, "/metrics");
        request.setRemoteAddr(from);
        // One request id for all, so that answers can be compared byte for byte.
        request.addHeader("X-Request-Id", "metrics-test");
        return site.perform(request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0:0:0:0:0:0:0:1", "::1"})
    void loopbackCallersGetTheTextFormat(String caller) throws Exception {
        Counter.builder("webstack.test.things").register(metrics.registry()).increment(3);
        var response = get(site(LOOPBACK), "GET", caller);
        assertEquals(200, response.getStatus());
        assertEquals(MetricsServlet.CONTENT_TYPE, response.getContentType());
        assertEquals("no-store", response.getHeader("Cache-Control"));
        String text = response.getContentAsString();
        assertTrue(text.contains("# TYPE webstack_test_things_total counter\n"), text);
        assertTrue(text.contains("\nwebstack_test_things_total 3.0\n"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "10.0.0.1", "::2", "localhost", "unknown", ""})
    void otherCallersGetTheAnswerOfAPathThatDoesNotExist(String caller) throws Exception {
        for (String method : List.of("GET", "HEAD", "POST")) {
            var refused = get(site(LOOPBACK), method, caller);
            var unknown = get(site(null), method, caller);
            assertEquals(404 + (method.equals("POST") ? 1 : 0), refused.getStatus(), method);
            assertEquals(unknown.getStatus(), refused.getStatus(), method);
            assertEquals(unknown.getContentType(), refused.getContentType(), method);
            assertEquals(unknown.getContentAsString(), refused.getContentAsString(), method);
            assertEquals(unknown.getHeaderNames(), refused.getHeaderNames(), method);
        }
    }

    @Test
    void theListIsOfExactAddresses() throws Exception {
        var servlet = new MetricsServlet(metrics, addresses("10.0.0.5", "fd00::7"), null);
        assertTrue(servlet.allows("10.0.0.5"));
        assertTrue(servlet.allows("fd00:0:0:0:0:0:0:7"));
        assertFalse(servlet.allows("10.0.0.6"));
        assertFalse(servlet.allows("127.0.0.1"));
    }
}
