package webstack.system;

import freemarker.cache.TemplateLoader;
import freemarker.ext.jakarta.servlet.WebappTemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.TemplateExceptionHandler;
import jakarta.servlet.ServletContext;
import java.util.Locale;
import java.util.TimeZone;

/**
 * The one FreeMarker configuration of the webapp. Templates live in
 * {@code WEB-INF/templates}; {@code .ftlh} files are HTML with auto-escaping, {@code .ftl}
 * files are plain text.
 */
public final class Templates {

    private Templates() {
    }

    public static Configuration configuration(ServletContext servletContext) {
        return configuration(new WebappTemplateLoader(servletContext, "/WEB-INF/templates"));
    }

    /** The same configuration over any loader, so tests can render the real templates. */
    public static Configuration configuration(TemplateLoader loader) {
        var cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setTemplateLoader(loader);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        // One locale and no localized lookup: no per-request locale resolution, no
        // "template_en_US.ftl" probing, and numbers formatted the same everywhere.
        cfg.setLocale(Locale.ROOT);
        cfg.setLocalizedLookup(false);
        cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
        // "c" formats numbers for computers: 1000 stays 1000, never 1,000.
        cfg.setNumberFormat("c");
        // Templates ship inside the WAR and never change while it runs.
        cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        // Leave flushing to the container: a flush at the end of process() would commit the
        // response early and force chunked encoding instead of a Content-Length.
        cfg.setAutoFlush(false);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setAPIBuiltinEnabled(false);
        return cfg;
    }
}
