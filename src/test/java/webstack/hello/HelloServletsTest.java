package webstack.hello;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static webstack.testing.Answers.problem;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.testing.InProcessContainer;
import webstack.testing.TestWiring;

/**
 * The benchmark page served two ways, at {@code /{word}/{count}} by the template and at
 * {@code /raw/{word}/{count}} without it, mapped as the route table maps them: the same bytes.
 */
class HelloServletsTest {

    private InProcessContainer site;

    @BeforeEach
    void start() throws Exception {
        var hello = new HelloPath(10_000, 64, 200_000);
        site = new InProcessContainer();
        TestWiring.routes(site)
                .text("hello", new HelloServlet(hello, new HelloPage(TestWiring.templates())), "/{word}/{count}")
                .text("raw-hello", new RawHelloServlet(hello), "/raw/{word}/{count}");
    }

    private MockHttpServletResponse get(String path) throws Exception {
        return site.perform(site.request("GET", path));
    }

    private static void assertPage(MockHttpServletResponse r, byte[] expected) {
        assertEquals(200, r.getStatus());
        assertEquals("text/plain;charset=UTF-8", r.getContentType());
        assertArrayEquals(expected, r.getContentAsByteArray());
    }

    @Test
    void bothAnswerTheSame990BytesForHello100() throws Exception {
        MockHttpServletResponse templated = get("/Hello/100");
        assertEquals(990, templated.getContentAsByteArray().length);
        assertEquals(990, templated.getContentLength(), "the template's page is sent with its length");
        assertPage(get("/raw/Hello/100"), templated.getContentAsByteArray());
        assertEquals("0: Hello\n1: Hello\n", new String(templated.getContentAsByteArray(), 0, 18, StandardCharsets.US_ASCII));
    }

    @Test
    void bothAnswerTheSameUtf8ForAnyWord() throws Exception {
        byte[] expected = "0: Grüße\n1: Grüße\n".getBytes(StandardCharsets.UTF_8);
        assertPage(get("/Grüße/2"), expected);
        assertPage(get("/raw/Grüße/2"), expected);
    }

    @Test
    void pathsOfAnotherShapeAre404ProblemsOnBoth() throws Exception {
        problem(get("/Hello"), 404, "No page at /Hello: pages are /{word}/{count}");
        problem(get("/raw/Hello"), 404, "No page at /Hello: pages are /{word}/{count}");
    }

    @Test
    void countsOverTheCapAre400ProblemsOnBoth() throws Exception {
        problem(get("/Hello/10001"), 400, "count must be at most 10000, got 10001");
        problem(get("/raw/Hello/10001"), 400, "count must be at most 10000, got 10001");
    }

    @Test
    void aPageOverTheBufferStreamsWithItsExactLength() throws Exception {
        // 10,000 lines of a 12-byte word: 188,890 bytes, more than the 64 KiB render buffer.
        String word = "twelve-bytes";
        var expected = new StringBuilder();
        for (int i = 0; i < 10_000; i++) expected.append(i).append(": ").append(word).append('\n');
        byte[] bytes = expected.toString().getBytes(StandardCharsets.UTF_8);
        for (String prefix : new String[] {"", "/raw"}) {
            MockHttpServletResponse r = get(prefix + "/" + word + "/10000");
            assertPage(r, bytes);
            assertEquals(bytes.length, r.getContentLengthLong(), prefix + ": Content-Length, not chunked");
        }
    }

    @Test
    void wordsAndPagesOverTheirLimitsAre400ProblemsOnBoth() throws Exception {
        for (String prefix : new String[] {"", "/raw"}) {
            problem(get(prefix + "/" + "w".repeat(65) + "/1"), 400, "word must be at most 64 bytes of UTF-8");
            problem(get(prefix + "/" + "ü".repeat(33) + "/1"), 400, "word must be at most 64 bytes of UTF-8");
            // 10,000 lines of a 64-byte word would be 708,890 bytes.
            problem(get(prefix + "/" + "w".repeat(64) + "/10000"), 400,
                    "page would be 708890 bytes, more than the limit of 200000");
        }
    }

    @Test
    void theyAreReadOnly() throws Exception {
        MockHttpServletResponse r = site.perform(site.request("POST", "/Hello/1"));
        problem(r, 405, "Method POST not allowed here; allowed: GET, HEAD");
        assertEquals("GET, HEAD", r.getHeader("Allow"));
    }
}
