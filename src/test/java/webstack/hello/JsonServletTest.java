package webstack.hello;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.system.Json;

/** {@code GET /json}: the field's JSON test, byte for byte. */
class JsonServletTest {

    @Test
    void answersTheHelloMessageWithItsLength() throws Exception {
        var response = new MockHttpServletResponse();
        new JsonServlet(Json.mapper()).service(new MockHttpServletRequest("GET", "/json"), response);
        byte[] expected = "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(200, response.getStatus());
        assertEquals("application/json", response.getContentType());
        assertArrayEquals(expected, response.getContentAsByteArray());
        assertEquals(27, response.getContentLength());
    }
}
