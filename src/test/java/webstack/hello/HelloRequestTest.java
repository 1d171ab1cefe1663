package webstack.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The page's size is known before it is written (it is the Content-Length): it must be exact. */
class HelloRequestTest {

    @ParameterizedTest
    @CsvSource({"Hello,100", "Hello,0", "x,1", "x,10", "x,11", "Grüße ✓,999", "w,1000", "w,10001", "ab,123457"})
    void pageBytesIsTheLengthOfThePage(String word, int count) {
        var page = new StringBuilder();
        for (int i = 0; i < count; i++) page.append(i).append(": ").append(word).append('\n');
        assertEquals(page.toString().getBytes(StandardCharsets.UTF_8).length, new HelloRequest(word, count).pageBytes());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "10,10", "11,12", "100,190", "101,193", "10000,38890"})
    void digitsOfTheLineNumbers(int n, long digits) {
        assertEquals(digits, HelloRequest.digitsOfNumbersBelow(n));
    }
}
