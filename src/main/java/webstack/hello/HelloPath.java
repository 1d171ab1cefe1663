package webstack.hello;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import webstack.system.HttpError;

/**
 * The benchmark page's route, {@code ^/([^/]+)/([0-9]+)$}: a word and a line count, as in
 * the 2011 test. Parsing either yields a {@link HelloRequest} or the error to answer. The
 * word's length and the page's size are bounded, so no request can ask for a page that
 * would fill the heap (a 10,000-line page of an 8 KiB word is 80 MB).
 */
public final class HelloPath {

    private static final Pattern ROUTE = Pattern.compile("^/([^/]+)/([0-9]+)$");

    private final int maxCount;
    private final int maxWordBytes;
    private final long maxPageBytes;

    public HelloPath(int maxCount, int maxWordBytes, long maxPageBytes) {
        this.maxCount = maxCount;
        this.maxWordBytes = maxWordBytes;
        this.maxPageBytes = maxPageBytes;
    }

    /**
     * @param path the decoded path inside the webapp, e.g. {@code /Hello/100}
     * @throws HttpError 404 when the path is not of this route's shape, 400 when the count,
     *     the word or the page is over its configured limit
     */
    public HelloRequest parse(String path) {
        if (path == null) throw noRoute("");
        Matcher m = ROUTE.matcher(path);
        if (!m.matches()) throw noRoute(path);
        String word = m.group(1);
        // A UTF-8 byte is at least a char: a word longer in chars is refused without encoding it.
        int wordBytes = word.length() > maxWordBytes ? Integer.MAX_VALUE : word.getBytes(StandardCharsets.UTF_8).length;
        if (wordBytes > maxWordBytes) {
            throw HttpError.badRequest("word must be at most " + maxWordBytes + " bytes of UTF-8");
        }
        int count = count(m.group(2));
        var hello = new HelloRequest(word, count, HelloRequest.pageBytes(wordBytes, count));
        if (hello.pageBytes() > maxPageBytes) {
            throw HttpError.badRequest("page would be " + hello.pageBytes() + " bytes, more than the limit of "
                    + maxPageBytes);
        }
        return hello;
    }

    private int count(String digits) {
        // Strip leading zeros first so that "000007" is 7 and a long run of digits
        // is judged by its value, not its length; anything over 9 digits is over any cap.
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') start++;
        String significant = digits.substring(start);
        if (significant.length() > 9 || Integer.parseInt(significant) > maxCount) {
            throw HttpError.badRequest("count must be at most " + maxCount + ", got " + abbreviate(digits));
        }
        return Integer.parseInt(significant);
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "...";
    }

    private static HttpError noRoute(String path) {
        return HttpError.notFound("No page at " + abbreviate(path) + ": pages are /{word}/{count}");
    }
}
