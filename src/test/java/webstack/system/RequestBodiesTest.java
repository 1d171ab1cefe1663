package webstack.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Bodies read within 64 KiB, whether or not the client declared their length. */
class RequestBodiesTest {

    private static MockHttpServletRequest withBody(byte[] body, boolean declared) {
        var request = declared ? new MockHttpServletRequest() : new MockHttpServletRequest() {
            @Override
            public long getContentLengthLong() {
                return -1; // chunked: no Content-Length
            }
        };
        request.setContent(body);
        return request;
    }

    @Test
    void aBodyOfUpTo64KiBIsReadWhole() throws Exception {
        for (boolean declared : new boolean[] {true, false}) {
            byte[] body = new byte[RequestBodies.MAX_BYTES];
            body[body.length - 1] = 7;
            assertArrayEquals(body, RequestBodies.read(withBody(body, declared)));
        }
    }

    @Test
    void oneByteMoreIs413DeclaredOrNot() {
        for (boolean declared : new boolean[] {true, false}) {
            HttpError e = assertThrows(HttpError.class, () -> RequestBodies.read(withBody(new byte[RequestBodies.MAX_BYTES + 1], declared)));
            assertEquals(413, e.status());
            assertEquals("Request body larger than 65536 bytes", e.getMessage());
        }
    }

    @Test
    void aDeclaredLengthOver64KiBIsRefusedBeforeReading() {
        var request = new MockHttpServletRequest() {
            @Override
            public long getContentLengthLong() {
                return 10L * 1024 * 1024 * 1024;
            }
        };
        assertEquals(413, assertThrows(HttpError.class, () -> RequestBodies.read(request)).status());
    }

    @Test
    void noBodyIsEmpty() throws Exception {
        assertEquals(0, RequestBodies.read(new MockHttpServletRequest()).length);
    }

    @Test
    void theMediaTypeIsTheContentTypeWithoutParameters() {
        assertEquals("application/json", RequestBodies.mediaType("Application/JSON ; charset=UTF-8"));
        assertEquals("text/plain", RequestBodies.mediaType("text/plain"));
    }
}
