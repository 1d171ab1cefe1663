package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.testing.TestWiring;

/** Reading JSON bodies: media type, size, syntax, types, then validation; writing JSON answers. */
class JsonBodiesTest {

    record Order(
            @NotBlank(message = "must not be blank") String item,
            @NotNull(message = "is required") @Max(value = 10, message = "must be at most 10") @JsonProperty("max_count") Integer maxCount,
            @JsonProperty("is_gift") Boolean isGift) {
    }

    private final JsonBodies bodies = TestWiring.jsonBodies();

    private static MockHttpServletRequest post(String contentType, String body) {
        var request = new MockHttpServletRequest("POST", "/orders");
        request.setContentType(contentType);
        if (body != null) request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    private HttpError refused(String contentType, String body) {
        return assertThrows(HttpError.class, () -> bodies.read(post(contentType, body), Order.class));
    }

    private void assertRefused(int status, String detail, String body) {
        HttpError e = refused("application/json", body);
        assertEquals(status, e.status(), body);
        assertEquals(detail, e.getMessage(), body);
    }

    @Test
    void aValidBodyIsRead() throws Exception {
        Order order = bodies.read(post("application/json", "{\"item\":\"tea\",\"max_count\":3,\"is_gift\":true,\"extra\":[1]}"),
                Order.class);
        assertEquals(new Order("tea", 3, true), order);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", " application/json ;charset=UTF-8"})
    void theMediaTypeIsComparedWithoutParametersOrCase(String contentType) throws Exception {
        assertEquals("tea", bodies.read(post(contentType, "{\"item\":\"tea\",\"max_count\":1}"), Order.class).item());
    }

    @Test
    void anotherMediaTypeIs415() {
        for (String contentType : new String[] {null, "text/plain", "application/jsonp", "application/x-www-form-urlencoded"}) {
            HttpError e = refused(contentType, "{\"item\":\"tea\",\"max_count\":1}");
            assertEquals(415, e.status(), contentType);
            assertEquals("Content-Type must be application/json", e.getMessage());
        }
    }

    @Test
    void anEmptyBodyIs400() {
        assertRefused(400, "Request body required", null);
        assertRefused(400, "Request body required", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "null", "\"text\"", "5"})
    void aBodyThatIsNoObjectIs400(String body) {
        assertRefused(400, "Request body must be a JSON object", body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"item\":", "not json", "{'item':'tea'}", "{\"item\":\"tea\",}"})
    void malformedJsonIs400(String body) {
        HttpError e = refused("application/json", body);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().matches("Malformed JSON at line 1, column [0-9]+"), e.getMessage());
    }

    @Test
    void theParsersOwnWordsNeverReachTheClient() {
        String deep = "{\"extra\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}";
        for (String body : new String[] {deep, "{\"item\": \"tea\" \u0000}", "{\"item\":tru}"}) {
            String detail = refused("application/json", body).getMessage();
            for (String internal : new String[] {"Source", "REDACTED", "StreamReadConstraints", "com.fasterxml", "java.", "code "}) {
                assertTrue(!detail.contains(internal), detail);
            }
        }
        String tooDeep = refused("application/json", deep).getMessage();
        assertTrue(tooDeep.startsWith("JSON nested or sized beyond the limits"), tooDeep);
    }

    @Test
    void aKeyGivenTwiceIs400() {
        assertRefused(400, "Duplicate field 'item' at line 1, column 19", "{\"item\":\"a\",\"item\":\"b\",\"max_count\":1}");
    }

    @Test
    void anythingAfterTheObjectIs400() {
        assertEquals(400, refused("application/json", "{\"item\":\"tea\",\"max_count\":1} {}").status());
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        assertRefused(400, "Wrong type for field 'item'", "{\"item\":5,\"max_count\":1}");
        assertRefused(400, "Wrong type for field 'item'", "{\"item\":{\"a\":1},\"max_count\":1}");
        assertRefused(400, "Wrong type for field 'max_count'", "{\"item\":\"tea\",\"max_count\":\"5\"}");
        assertRefused(400, "Wrong type for field 'max_count'", "{\"item\":\"tea\",\"max_count\":1.5}");
        assertRefused(400, "Wrong type for field 'is_gift'", "{\"item\":\"tea\",\"max_count\":1,\"is_gift\":\"yes\"}");
        assertRefused(400, "Wrong type for field 'is_gift'", "{\"item\":\"tea\",\"max_count\":1,\"is_gift\":1}");
    }

    @Test
    void everyInvalidFieldIsNamedInSnakeCase() {
        HttpError e = refused("application/json", "{\"item\":\" \",\"max_count\":11}");
        assertEquals(422, e.status());
        assertEquals("Invalid request: 2 field(s) failed validation", e.getMessage());
        assertEquals(List.of(new HttpError.FieldError("item", "must not be blank"),
                new HttpError.FieldError("max_count", "must be at most 10")), e.errors());
    }

    @Test
    void aBodyOver64KiBIs413() {
        HttpError e = refused("application/json", "{\"item\":\"" + "x".repeat(RequestBodies.MAX_BYTES) + "\",\"max_count\":1}");
        assertEquals(413, e.status());
    }

    @Test
    void anAnswerIsJsonWithItsLength() throws Exception {
        var response = new MockHttpServletResponse();
        bodies.write(response, 201, new Order("tea", 2, null));
        assertEquals(201, response.getStatus());
        assertEquals("application/json", response.getContentType());
        assertEquals("{\"item\":\"tea\",\"max_count\":2,\"is_gift\":null}", response.getContentAsString());
        assertEquals(response.getContentAsByteArray().length, response.getContentLength());
    }
}
