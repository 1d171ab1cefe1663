package webstack.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import webstack.system.HttpError;
import webstack.system.JsonBodies;
import webstack.system.RequestBodies;
import webstack.user.UserService;

/**
 * {@code POST /token}: the OAuth2 password grant. Form fields {@code username} (the email)
 * and {@code password}; answers a bearer token.
 */
public final class TokenServlet extends HttpServlet {

    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") long expiresIn) {
    }

    private final UserService users;
    private final TokenService tokens;
    private final JsonBodies json;

    public TokenServlet(UserService users, TokenService tokens, JsonBodies json) {
        this.users = users;
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        RequestBodies.requireMediaType(req, "application/x-www-form-urlencoded");
        Map<String, String> form = parseForm(new String(RequestBodies.read(req), StandardCharsets.UTF_8));
        List<HttpError.FieldError> missing = new ArrayList<>();
        for (String field : List.of("password", "username")) {
            if (form.getOrDefault(field, "").isEmpty()) missing.add(new HttpError.FieldError(field, "is required"));
        }
        if (!missing.isEmpty()) throw HttpError.invalid(missing);
        var user = users.authenticate(form.get("username"), form.get("password"));
        if (user == null) throw HttpError.unauthorized("Incorrect email or password");
        var token = tokens.issue(user.getId(), user.getTokenVersion());
        resp.setHeader("Cache-Control", "no-store");
        json.write(resp, 200, new TokenResponse(token.value(), "bearer", token.expiresInSeconds()));
    }

    /** application/x-www-form-urlencoded, read from our bounded body (not Tomcat's parameter parsing). */
    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("Malformed form body");
            }
        }
        return form;
    }
}
