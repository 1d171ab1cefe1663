package webstack.hello;

import java.nio.charset.StandardCharsets;

/**
 * What {@code GET /{word}/{count}} asks for: {@code count} lines of {@code "i: word\n"}, and
 * the page's exact size in bytes of UTF-8, known before it is written (its Content-Length).
 */
public record HelloRequest(String word, int count, long pageBytes) {

    public HelloRequest(String word, int count) {
        this(word, count, pageBytes(word.getBytes(StandardCharsets.UTF_8).length, count));
    }

    /** The size of {@code count} lines of a word of {@code wordBytes} bytes. */
    static long pageBytes(int wordBytes, int count) {
        long perLine = ": ".length() + wordBytes + "\n".length();
        return digitsOfNumbersBelow(count) + count * perLine;
    }

    /** How many digits 0, 1, ..., n-1 have together. */
    static long digitsOfNumbersBelow(int n) {
        long total = 0;
        long from = 0;
        long to = 10;
        for (int digits = 1; from < n; digits++, from = to, to *= 10) {
            total += (Math.min(n, to) - from) * digits;
        }
        return total;
    }
}
