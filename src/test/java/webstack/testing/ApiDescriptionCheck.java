package webstack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Holds an answer to the site's OpenAPI description ({@code src/main/resources/openapi.json}):
 * the request's path must be one of its paths (else the answer must be a problem), the method
 * one of that path's operations (else 405), the status one the operation describes (exactly,
 * or by its {@code 4XX}/{@code 5XX} range), the media type one that response names, and a JSON
 * body must validate against its schema (networknt's validator, OpenAPI 3.1 dialect). The
 * contract tests call it on every answer they receive, so the description cannot drift from
 * what any implementation does.
 */
public final class ApiDescriptionCheck {

    public static final Path FILE = TomcatInstance.PROJECT.resolve("src/main/resources/openapi.json");
    private static final String LOCATION = "classpath:openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SPEC = read();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true).locale(Locale.ENGLISH).build()));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final List<Template> TEMPLATES = templates();

    /** A path of the description and the pattern of the request paths it matches. */
    private record Template(String path, Pattern pattern, int variables) {
    }

    private ApiDescriptionCheck() {
    }

    /** The description as a tree. */
    public static JsonNode description() {
        return SPEC;
    }

    /**
     * What is wrong with this answer by the description; empty when nothing. {@code target} is
     * the request's path and query as sent; {@code contentType} the answer's (null: none).
     */
    public static List<String> violations(String method, String target, int status, String contentType, String body) {
        String path = URI.create(target.startsWith("/") ? target : "/" + target).getRawPath();
        String where = method + " " + target + " -> " + status + ": ";
        Optional<Template> template = match(path);
        if (template.isEmpty()) {
            // No route of the description: the default route answers, with a problem.
            if (status >= 400 && status < 500) return problem(where, contentType, body);
            return List.of(where + "no path of the description matches " + path);
        }
        if (method.equals("OPTIONS")) {
            // CORS preflights are answered on every API route: 204 and no body, or a 4xx problem.
            return status == 204 ? empty(where, body) : status >= 400 ? problem(where, contentType, body)
                    : List.of(where + "a preflight is 204");
        }
        boolean head = method.equals("HEAD");
        String pointer = "/paths/" + escape(template.get().path()) + "/" + (head ? "get" : method.toLowerCase(Locale.ROOT));
        JsonNode operation = SPEC.at(pointer);
        if (operation.isMissingNode()) {
            return status == 405 ? problemOrPage(where, contentType, body)
                    : List.of(where + method + " is not described on " + template.get().path() + ", so must be 405");
        }
        String code = String.valueOf(status);
        String responsePointer = pointer + "/responses/" + code;
        if (SPEC.at(responsePointer).isMissingNode()) responsePointer = pointer + "/responses/" + code.charAt(0) + "XX";
        if (SPEC.at(responsePointer).isMissingNode()) {
            return List.of(where + "status " + status + " is not described for " + method + " " + template.get().path());
        }
        responsePointer = resolve(responsePointer);
        JsonNode content = SPEC.at(responsePointer + "/content");
        if (content.isMissingNode()) return empty(where, head ? "" : body);
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        String key = content.has(media) ? media : content.has("*/*") ? "*/*" : null;
        if (key == null) return List.of(where + "media type '" + media + "' is not one of " + names(content));
        if (head || !content.get(key).has("schema") || !(media.endsWith("/json") || media.endsWith("+json"))) {
            return List.of();
        }
        return validate(where, responsePointer + "/content/" + escape(key) + "/schema", body);
    }

    private static List<String> problemOrPage(String where, String contentType, String body) {
        return contentType != null && contentType.startsWith("text/html") ? List.of() : problem(where, contentType, body);
    }

    private static List<String> problem(String where, String contentType, String body) {
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return List.of(where + "an error must be application/problem+json, not " + contentType);
        }
        return validate(where, "/components/schemas/Problem", body);
    }

    private static List<String> empty(String where, String body) {
        return body == null || body.isEmpty() ? List.of() : List.of(where + "no body is described, but one came: " + body);
    }

    private static List<String> validate(String where, String schemaPointer, String body) {
        Schema schema = SCHEMAS.computeIfAbsent(schemaPointer,
                p -> REGISTRY.getSchema(SchemaLocation.of(LOCATION + "#" + p)));
        List<Error> errors = schema.validate(body == null ? "" : body, InputFormat.JSON);
        List<String> out = new ArrayList<>();
        for (Error e : errors) out.add(where + e + " (schema " + schemaPointer + ", body " + abbreviate(body) + ")");
        return out;
    }

    /** Follows a response's {@code $ref} (to components/responses) to the response itself. */
    private static String resolve(String pointer) {
        JsonNode ref = SPEC.at(pointer + "/$ref");
        return ref.isMissingNode() ? pointer : ref.asText().substring(1);
    }

    /** The description's path that matches: literal segments before variables ({@code /health/live} before {@code /{word}/{count}}). */
    static Optional<Template> match(String path) {
        return TEMPLATES.stream().filter(t -> t.pattern().matcher(path).matches())
                .min(Comparator.comparingInt(Template::variables));
    }

    /** The description's paths, each with every method it describes (upper case). */
    public static Map<String, List<String>> operations() {
        var out = new java.util.TreeMap<String, List<String>>();
        SPEC.get("paths").fields().forEachRemaining(e -> {
            List<String> methods = new ArrayList<>();
            e.getValue().fieldNames().forEachRemaining(m -> {
                if (!m.equals("parameters") && !m.equals("summary") && !m.equals("description")) {
                    methods.add(m.toUpperCase(Locale.ROOT));
                }
            });
            out.put(e.getKey(), methods);
        });
        return out;
    }

    private static List<Template> templates() {
        List<Template> out = new ArrayList<>();
        SPEC.get("paths").fieldNames().forEachRemaining(path -> {
            int variables = path.split("\\{", -1).length - 1;
            String regex = Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            out.add(new Template(path, Pattern.compile(regex), variables));
        });
        return out;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String abbreviate(String body) {
        return body == null ? "none" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static JsonNode read() {
        try {
            return JSON.readTree(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
