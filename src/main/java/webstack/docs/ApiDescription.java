package webstack.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 description of the site, {@code src/main/resources/openapi.json}: one file,
 * kept by hand beside the code, which the contract tests hold every answer to.
 */
public final class ApiDescription {

    /** Where the file is on the classpath (WEB-INF/classes in the WAR). */
    public static final String RESOURCE = "/openapi.json";

    private ApiDescription() {
    }

    public static byte[] bytes() {
        try (InputStream in = ApiDescription.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is not on the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
