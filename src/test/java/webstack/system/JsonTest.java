package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mapper's rules: a JSON value of the wrong type is refused, never converted. */
class JsonTest {

    record Sample(String name, @JsonProperty("is_active") Boolean isActive, Integer count, long total) {
    }

    record Stamp(Instant at) {
    }

    private final ObjectMapper json = Json.mapper();

    private Sample read(String body) throws JsonProcessingException {
        return json.readValue(body, Sample.class);
    }

    @Test
    void valuesOfTheirOwnTypeAreRead() throws Exception {
        assertEquals(new Sample("Ann", false, 5, 7), read("{\"name\":\"Ann\",\"is_active\":false,\"count\":5,\"total\":7}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":5,\"total\":1}", "{\"name\":1.5,\"total\":1}", "{\"name\":true,\"total\":1}",
        "{\"is_active\":\"yes\",\"total\":1}", "{\"is_active\":\"true\",\"total\":1}", "{\"is_active\":1,\"total\":1}",
        "{\"count\":\"5\",\"total\":1}", "{\"count\":1.5,\"total\":1}", "{\"count\":true,\"total\":1}",
        "{\"total\":\"7\"}", "{\"total\":null}"})
    void scalarsOfAnotherTypeAreRefused(String body) {
        assertThrows(JsonProcessingException.class, () -> read(body));
    }

    @Test
    void unknownFieldsAreIgnoredTrailingTokensAreNot() throws Exception {
        assertEquals(new Sample("Ann", null, null, 1), read("{\"name\":\"Ann\",\"total\":1,\"is_admin\":true}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"total\":1} {\"total\":2}"));
    }

    @Test
    void instantsAreRfc3339Text() throws Exception {
        assertEquals("{\"at\":\"2026-03-04T05:06:07.123Z\"}", json.writeValueAsString(new Stamp(Instant.parse("2026-03-04T05:06:07.123Z"))));
    }
}
