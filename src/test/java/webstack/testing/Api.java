package webstack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A JSON client for the user API of one site; it holds every answer to the OpenAPI description ({@link ApiDescriptionCheck}). */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String detail() {
            return json().path("detail").asText(null);
        }
    }

    private final String base;

    public Api(Site site) {
        this(site.uri(""));
    }

    /** A client for the site at {@code base}, e.g. nginx in front of a cluster. */
    public Api(URI base) {
        this.base = base.toString();
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public Response send(String method, String path, String token, String contentType, String body)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) builder.header("Authorization", "Bearer " + token);
        if (contentType != null) builder.header("Content-Type", contentType);
        HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        var response = new Response(r.statusCode(), r.body(), r.headers());
        // Every answer a contract test receives is held to the OpenAPI description.
        List<String> violations = ApiDescriptionCheck.violations(method, path, response.status(),
                response.header("Content-Type"), response.body());
        if (!violations.isEmpty()) throw new AssertionError("The answer does not match openapi.json:\n" + String.join("\n", violations));
        return response;
    }

    public Response request(String method, String path, String token, Object jsonBody) throws IOException, InterruptedException {
        return send(method, path, token, jsonBody == null ? null : "application/json",
                jsonBody == null ? null : JSON.writeValueAsString(jsonBody));
    }

    public Response register(String email, String name, String password) throws IOException, InterruptedException {
        return request("POST", "/users", null, java.util.Map.of("email", email, "name", name, "password", password));
    }

    public Response token(String email, String password) throws IOException, InterruptedException {
        return send("POST", "/token", null, "application/x-www-form-urlencoded",
                "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8));
    }

    /** Registers a user with a unique email and returns {id, email, token}. */
    public Account newAccount(String password) throws IOException, InterruptedException {
        String email = "user-" + java.util.UUID.randomUUID() + "@example.com";
        Response created = register(email, "Test User", password);
        if (created.status() != 201) throw new AssertionError("register: " + created);
        Response token = token(email, password);
        if (token.status() != 200) throw new AssertionError("token: " + token);
        return new Account(created.json().get("id").asLong(), email, token.json().get("access_token").asText());
    }

    /** The admin account the test instances are started with, logged in. */
    public Account admin() throws IOException, InterruptedException {
        Response token = token(Site.ADMIN_EMAIL, Site.ADMIN_PASSWORD);
        if (token.status() != 200) throw new AssertionError("admin token: " + token);
        String value = token.json().get("access_token").asText();
        long id = com.auth0.jwt.JWT.decode(value).getSubject() == null ? -1 : Long.parseLong(com.auth0.jwt.JWT.decode(value).getSubject());
        return new Account(id, Site.ADMIN_EMAIL, value);
    }

    public record Account(long id, String email, String token) {
    }
}
