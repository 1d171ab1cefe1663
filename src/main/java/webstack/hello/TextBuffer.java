package webstack.hello;

import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * An unsynchronized in-memory Writer for one rendering at a time. Rendering into it and
 * writing the bytes once is cheaper than many small writes through the servlet Writer, and
 * gives the response a Content-Length.
 */
final class TextBuffer extends Writer {

    /** Buffers that grew past this (a page of thousands of lines) are not kept for reuse. */
    static final int KEEP_AT_MOST = 64 * 1024;
    private static final ThreadLocal<TextBuffer> PER_THREAD = ThreadLocal.withInitial(TextBuffer::new);

    private StringBuilder text = new StringBuilder(2048);

    /** This thread's buffer, emptied. */
    static TextBuffer forThisThread() {
        TextBuffer buffer = PER_THREAD.get();
        if (buffer.text.capacity() > KEEP_AT_MOST) buffer.text = new StringBuilder(2048);
        buffer.text.setLength(0);
        return buffer;
    }

    byte[] toUtf8() {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void write(String s) {
        text.append(s);
    }

    @Override
    public void write(String s, int off, int len) {
        text.append(s, off, off + len);
    }

    @Override
    public void write(char[] chars, int off, int len) {
        text.append(chars, off, len);
    }

    @Override
    public void write(int c) {
        text.append((char) c);
    }

    @Override
    public Writer append(CharSequence csq) {
        text.append(csq);
        return this;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
