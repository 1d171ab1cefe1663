package webstack.hello;

/** What {@code GET /{word}/{count}} asks for: {@code count} lines of {@code "i: word\n"}. */
public record HelloRequest(String word, int count) {
}
