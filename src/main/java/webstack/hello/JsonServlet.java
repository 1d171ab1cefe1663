package webstack.hello;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import webstack.system.Responses;

/**
 * {@code GET /json}: the article's "simple JSON response". The message object is serialized
 * by Jackson on every request, as the field's JSON test asks, through a writer resolved once.
 */
public final class JsonServlet extends HttpServlet {

    record Message(String message) {
    }

    private static final Message HELLO = new Message("Hello, World!");

    private final ObjectWriter writer;

    public JsonServlet(ObjectMapper json) {
        this.writer = json.writerFor(Message.class);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Responses.bytes(resp, HttpServletResponse.SC_OK, "application/json", writer.writeValueAsBytes(HELLO));
    }
}
