package webstack.hello;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import webstack.system.HttpError;

/**
 * The benchmark page's route, {@code ^/([^/]+)/([0-9]+)$}: a word and a line count, as in
 * the 2011 test. Parsing either yields a {@link HelloRequest} or the error to answer.
 */
public final class HelloPath {

    private static final Pattern ROUTE = Pattern.compile("^/([^/]+)/([0-9]+)$");

    private final int maxCount;

    public HelloPath(int maxCount) {
        this.maxCount = maxCount;
    }

    /**
     * @param path the decoded path inside the webapp, e.g. {@code /Hello/100}
     * @throws HttpError 404 when the path is not of this route's shape, 400 when the count is
     *     over the configured cap
     */
    public HelloRequest parse(String path) {
        if (path == null) throw noRoute("");
        Matcher m = ROUTE.matcher(path);
        if (!m.matches()) throw noRoute(path);
        return new HelloRequest(m.group(1), count(m.group(2)));
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
