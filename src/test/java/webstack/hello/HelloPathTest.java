package webstack.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import webstack.system.HttpError;
import org.junit.jupiter.api.Test;

class HelloPathTest {

    private final HelloPath route = new HelloPath(10_000, 1_024, 1 << 20);

    @Test
    void parsesWordAndCount() {
        assertEquals(new HelloRequest("Hello", 100), route.parse("/Hello/100"));
    }

    @Test
    void countMayBeZeroOrTheCap() {
        assertEquals(0, route.parse("/x/0").count());
        assertEquals(10_000, route.parse("/x/10000").count());
    }

    @Test
    void leadingZerosAreTheSameNumber() {
        assertEquals(7, route.parse("/x/0007").count());
        assertEquals(7, route.parse("/x/000000000000000000000007").count());
    }

    @Test
    void wordKeepsAnyCharacterButSlash() {
        assertEquals("Grüße ${7*7} <#list>", route.parse("/Grüße ${7*7} <#list>/1").word());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/Hello", "/Hello/", "//100", "/Hello/100/", "/a/b/1",
            "/Hello/+1", "/Hello/-1", "/Hello/1e3", "/Hello/ 1", "/Hello/١٢", "Hello/100"})
    void otherShapesAreNoRoute(String path) {
        assertEquals(404, assertThrows(HttpError.class, () -> route.parse(path)).status());
    }

    @Test
    void nullPathIsNoRoute() {
        assertEquals(404, assertThrows(HttpError.class, () -> route.parse(null)).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10001", "999999999", "2147483647", "2147483648", "99999999999999999999999"})
    void countsOverTheCapAreBadRequests(String count) {
        var e = assertThrows(HttpError.class, () -> route.parse("/x/" + count));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("count must be at most 10000, got "), e.getMessage());
        assertTrue(e.getMessage().length() < 80, "one short line: " + e.getMessage());
    }

    @Test
    void theCapIsConfigurable() {
        var small = new HelloPath(5, 1_024, 1 << 20);
        assertEquals(5, small.parse("/x/5").count());
        assertEquals(400, assertThrows(HttpError.class, () -> small.parse("/x/6")).status());
    }
}
