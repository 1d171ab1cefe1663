package webstack.hello;

import freemarker.template.Configuration;
import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import java.io.IOException;

/** Renders the benchmark page from the template {@code hello.ftl}, parsed once. */
public final class HelloPage {

    private final Template template;

    public HelloPage(Configuration templates) throws IOException {
        this.template = templates.getTemplate("hello.ftl");
    }

    /** Pages up to this size are rendered into a buffer and written at once; larger ones stream. */
    public static final int BUFFERED_MAX_BYTES = TextBuffer.KEEP_AT_MOST;

    /** The page written to {@code out} as it is rendered, never held whole. */
    public void render(HelloRequest hello, java.io.Writer out) throws IOException, TemplateException {
        template.process(new Model(hello), out);
    }

    /** The page as UTF-8 bytes, rendered into this thread's reusable buffer. */
    public byte[] renderBytes(HelloRequest hello) throws IOException, TemplateException {
        TextBuffer buffer = TextBuffer.forThisThread();
        template.process(new Model(hello), buffer);
        return buffer.toUtf8();
    }

    /**
     * The template's data model, built without an object wrapper: two fields, no reflection
     * and no map on the hot path.
     */
    private static final class Model implements TemplateHashModel {
        private final SimpleScalar word;
        private final SimpleNumber count;

        Model(HelloRequest hello) {
            this.word = new SimpleScalar(hello.word());
            this.count = new SimpleNumber(hello.count());
        }

        @Override
        public TemplateModel get(String key) {
            return switch (key) {
                case "word" -> word;
                case "count" -> count;
                default -> null;
            };
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }
}
