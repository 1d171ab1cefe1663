package webstack.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP/1.1 client for tests, with a timeout on every request. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    public static HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
        return send("GET", uri);
    }

    public static HttpResponse<byte[]> send(String method, URI uri) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Sends {@code request} as written, on a socket of its own to 127.0.0.1:{@code port}, and
     * returns the whole answer: for requests a client library would refuse or repair (a bad
     * {@code %}, a garbage request line). The request should ask for {@code Connection: close}.
     */
    public static String raw(int port, String request) throws IOException {
        try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A registration whose body never comes: a socket to 127.0.0.1:{@code port} that has sent
     * the headers of a POST /users of 100 bytes and one byte of it. The caller closes it.
     */
    public static java.net.Socket startSlowRegistration(int port) throws IOException {
        var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(("POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    public static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    public static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
