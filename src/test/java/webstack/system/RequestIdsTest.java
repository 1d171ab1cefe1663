package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webstack.testing.Answers.problem;
import static webstack.testing.Answers.text;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.testing.InProcessContainer;
import webstack.testing.TestWiring;

/** Every request gets an id, through a real route table: kept when well-formed, else made; in the MDC only while served. */
class RequestIdsTest {

    private static final String GENERATED = "[0-9a-f]{32}";

    /** What the servlet saw while it served: the MDC's id and the request attribute. */
    private final List<String> seen = new ArrayList<>();
    private HttpError failure;

    private final HttpServlet api = new HttpServlet() {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            seen.add(MDC.get(RequestIds.KEY));
            seen.add((String) req.getAttribute(RequestIds.KEY));
            if (failure != null) throw failure;
            Responses.plainText(resp, 200, "served");
        }
    };
    private final HttpServlet page = new HttpServlet() {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) {
            throw HttpError.notFound("No such page");
        }
    };
    private final InProcessContainer site = site();

    private InProcessContainer site() {
        var container = new InProcessContainer();
        TestWiring.routes(container).api("api", api, Set.of("GET"), "/api").page("page", page, "/page");
        return container;
    }

    @AfterEach
    void nothingLeftInTheMdc() {
        assertNull(MDC.get(RequestIds.KEY), "the id is cleared after the request");
    }

    private MockHttpServletResponse get(String path, String incomingId) throws IOException, ServletException {
        MockHttpServletRequest request = site.request("GET", path);
        if (incomingId != null) request.addHeader(RequestIds.HEADER, incomingId);
        return site.perform(request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef0123456789abcdef", "client-42.retry_1", "a",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._"})
    void aWellFormedIncomingIdIsKeptEverywhere(String incoming) throws Exception {
        MockHttpServletResponse response = get("/api", incoming);
        assertEquals(200, response.getStatus());
        assertEquals(incoming, response.getHeader(RequestIds.HEADER));
        assertEquals(List.of(incoming, incoming), seen, "MDC and request attribute while served");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "has space", "<script>", "id\r\nX-Injected: 1", "é", "a/b", "{json}",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefX"})
    void aMalformedOrTooLongIncomingIdIsReplaced(String incoming) throws Exception {
        String id = get("/api", incoming).getHeader(RequestIds.HEADER);
        assertTrue(id.matches(GENERATED), id);
        assertEquals(List.of(id, id), seen);
    }

    @Test
    void withoutAnIncomingIdOneIsMadeLikeNginxs() throws Exception {
        String first = get("/api", null).getHeader(RequestIds.HEADER);
        String second = get("/api", null).getHeader(RequestIds.HEADER);
        assertTrue(first.matches(GENERATED), first);
        assertTrue(second.matches(GENERATED), second);
        assertNotEquals(first, second);
        assertEquals(List.of(first, first, second, second), seen);
    }

    @Test
    void aProblemCarriesTheIdOfItsResponseHeader() throws Exception {
        failure = HttpError.badRequest("Bad input");
        MockHttpServletResponse response = get("/api", "trace-me-1");
        assertEquals("trace-me-1", response.getHeader(RequestIds.HEADER));
        assertEquals("trace-me-1", problem(response, 400, "Bad input").path("requestId").asText());

        String made = get("/api", null).getHeader(RequestIds.HEADER);
        assertTrue(made.matches(GENERATED), made);
    }

    @Test
    void anErrorPageShowsTheId() throws Exception {
        MockHttpServletResponse response = get("/page", "trace-me-2");
        assertEquals(404, response.getStatus());
        assertTrue(text(response).contains("<code>trace-me-2</code>"), text(response));
    }

    @Test
    void aProblemWrittenOutsideARequestPassHasNoIdMember() throws Exception {
        var response = new MockHttpServletResponse();
        TestWiring.errors().write(response, Route.Kind.API, HttpError.notFound("Gone"));
        assertTrue(problem(response, 404, "Gone").path("requestId").isMissingNode(), text(response));
    }

    @Test
    void aLaterPassOfTheSameRequestKeepsItsId() throws Exception {
        // An ASYNC or ERROR dispatch: the request already holds the id its first pass chose.
        var request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestIds.KEY, "first-pass-id");
        request.addHeader(RequestIds.HEADER, "something-else");
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) {
                seen.add(MDC.get(RequestIds.KEY));
            }
        });
        new RequestIds().doFilter(request, response, chain);
        assertEquals(List.of("first-pass-id"), seen);
        assertEquals("first-pass-id", response.getHeader(RequestIds.HEADER));
    }

    @Test
    void theMdcIsClearedWhenTheChainThrows() {
        var chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) {
                throw new IllegalStateException("escaped");
            }
        });
        assertThrows(IllegalStateException.class, () -> new RequestIds().doFilter(
                new MockHttpServletRequest("GET", "/x"), new MockHttpServletResponse(), chain));
    }
}
