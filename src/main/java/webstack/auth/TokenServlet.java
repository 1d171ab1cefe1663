package webstack.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import webstack.system.ApiException;
import webstack.system.ApiServlet;

/**
 * {@code POST /token}: the OAuth2 password grant. Form fields {@code username} (the email)
 * and {@code password}; answers a bearer token.
 */
public final class TokenServlet extends ApiServlet {

    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") long expiresIn) {
    }

    @Override
    protected Set<String> allowedMethods() {
        return Set.of("POST");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String contentType = req.getContentType();
        if (contentType == null || !mediaType(contentType).equals("application/x-www-form-urlencoded")) {
            throw new ApiException(415, "Content-Type must be application/x-www-form-urlencoded");
        }
        Map<String, String> form = parseForm(new String(readBody(req), StandardCharsets.UTF_8));
        List<ApiException.FieldError> missing = new ArrayList<>();
        for (String field : List.of("password", "username")) {
            if (form.getOrDefault(field, "").isEmpty()) missing.add(new ApiException.FieldError(field, "is required"));
        }
        if (!missing.isEmpty()) {
            throw new ApiException(422, "Invalid request: " + missing.size() + " field(s) failed validation", missing);
        }
        var user = app.users().authenticate(form.get("username"), form.get("password"));
        if (user == null) throw new ApiException.Unauthorized("Incorrect email or password");
        var token = app.tokens().issue(user.getId());
        resp.setHeader("Cache-Control", "no-store");
        writeJson(resp, 200, new TokenResponse(token.value(), "bearer", token.expiresInSeconds()));
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
                throw ApiException.badRequest("Malformed form body");
            }
        }
        return form;
    }
}
