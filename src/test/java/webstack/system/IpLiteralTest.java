package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Address literals parse to their address, whatever way they are written; anything else is no address (and no DNS lookup). */
class IpLiteralTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "::1, ::1",
            "0:0:0:0:0:0:0:1, ::1",
            "::ffff:127.0.0.1, 127.0.0.1",
            "2001:DB8::7, 2001:db8:0:0:0:0:0:7",
    })
    void literalsAreTheirAddress(String text, String address) throws Exception {
        assertEquals(InetAddress.getByName(address), IpLiteral.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.org", "127.0.0.256", "127.1", "1:2:3", "::1%lo", "[::1]", "10.0.0.0/8", " 127.0.0.1"})
    void anythingElseIsNoAddress(String text) {
        assertNull(IpLiteral.parse(text));
    }
}
