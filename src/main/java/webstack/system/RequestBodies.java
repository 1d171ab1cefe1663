package webstack.system;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;

/** Request bodies read within a bound, and their media type checked. */
public final class RequestBodies {

    public static final int MAX_BYTES = 64 * 1024;

    private RequestBodies() {
    }

    /** The body, at most {@link #MAX_BYTES}; more is 413. */
    public static byte[] read(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > MAX_BYTES) throw tooLarge();
        byte[] body = req.getInputStream().readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) throw tooLarge();
        return body;
    }

    /** 415 unless the request's Content-Type is {@code mediaType} (parameters such as charset aside). */
    public static void requireMediaType(HttpServletRequest req, String mediaType) {
        String contentType = req.getContentType();
        if (contentType == null || !mediaType(contentType).equals(mediaType)) {
            throw HttpError.unsupportedMediaType(mediaType);
        }
    }

    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static HttpError tooLarge() {
        return new HttpError(413, "Request body larger than " + MAX_BYTES + " bytes");
    }
}
