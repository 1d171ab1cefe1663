package webstack.system;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The application log's encoder (logback.xml): writes each event with the {@code text} or the
 * {@code json} encoder configured beside it, as the setting {@code app.log.format}
 * ({@code APP_LOG_FORMAT}) says. Logback starts before {@link AppConfig} runs, so a value
 * other than {@code json} is written as text here, and AppConfig then refuses it with a
 * message that can be read.
 */
public final class LogFormat extends EncoderBase<ILoggingEvent> {

    private String format = "text";
    private Encoder<ILoggingEvent> text;
    private Encoder<ILoggingEvent> json;
    private Encoder<ILoggingEvent> chosen;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setText(Encoder<ILoggingEvent> text) {
        this.text = text;
    }

    public void setJson(Encoder<ILoggingEvent> json) {
        this.json = json;
    }

    static boolean isJson(String format) {
        return format != null && format.strip().equalsIgnoreCase("json");
    }

    @Override
    public void start() {
        if (text == null || json == null) {
            addError("logback.xml must give LogFormat both a <text> and a <json> encoder");
            return;
        }
        chosen = isJson(format) ? json : text;
        super.start();
    }

    @Override
    public byte[] headerBytes() {
        return chosen.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return chosen.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return chosen.footerBytes();
    }
}
