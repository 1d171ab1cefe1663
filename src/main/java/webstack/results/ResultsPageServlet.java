package webstack.results;

import freemarker.template.Template;
import freemarker.template.TemplateException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import webstack.results.ResultsDirectory.Outcome;
import webstack.system.HttpError;
import webstack.system.Responses;

/**
 * {@code GET /bench}: the newest results of bench/run as HTML, {@code results.ftlh};
 * {@code GET /bench?run=<id>} an older run.
 *
 * <p>Statuses: 200 with the results, and 200 with "No benchmark results yet" when there are
 * none (nothing is wrong, nothing has been measured yet). 503, still the HTML page with the
 * reason, when the results file cannot be read or the members it shows do not follow the schema
 * (bench/results.schema.json; the records check what the page relies on): the page cannot
 * do its job, but nothing in the webapp is broken (bench/run may be writing the file, or
 * wrote another schema), so not a 500; and a non-200 lets a check such as {@code curl -f}
 * notice. A {@code run} that is not one id is a 400 error page, an id without a file a 404 one.
 */
public final class ResultsPageServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsPageServlet.class);

    private final Template template;
    private final ResultsDirectory results;

    public ResultsPageServlet(Template template, ResultsDirectory results) {
        this.template = template;
        this.results = results;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] run = req.getParameterValues("run");
        if (run != null && (run.length != 1 || !ResultsDirectory.ID.matcher(run[0]).matches())) {
            throw HttpError.badRequest("run must be one run id such as 20261122-101500");
        }
        Outcome outcome = results.load(run == null ? null : run[0]);
        if (outcome instanceof Outcome.NotFound notFound) {
            throw HttpError.notFound("No benchmark run " + notFound.id());
        }
        byte[] html;
        try {
            html = render(model(outcome, results.latestFaults()));
        } catch (TemplateException e) {
            // A file that passed the schema checks yet trips the template is still a bad
            // file to the reader of the page: say so, and keep the details for the log.
            String id = outcome instanceof Outcome.Found found ? found.id() : null;
            LOG.warn("/bench: cannot render run {}", id, e);
            outcome = new Outcome.Unreadable(id, "its contents cannot be shown", List.of());
            html = renderUnreadable(model(outcome, null));
        }
        resp.setHeader("Cache-Control", "no-cache");
        int status = outcome instanceof Outcome.Unreadable ? 503 : 200;
        Responses.bytes(resp, status, "text/html;charset=UTF-8", html);
    }

    static Map<String, Object> model(Outcome outcome, List<FaultRun> faultRuns) {
        Map<String, Object> model = new HashMap<>();
        model.put("faultRuns", faultRuns);
        if (outcome instanceof Outcome.Found found) {
            model.put("state", "found");
            model.put("id", found.id());
            model.put("ids", found.ids());
            model.put("view", ResultsView.of(found.run()));
        } else if (outcome instanceof Outcome.Unreadable bad) {
            model.put("state", "unreadable");
            if (bad.id() != null) model.put("id", bad.id());
            model.put("ids", bad.ids());
            model.put("reason", bad.reason());
        } else {
            model.put("state", "none");
            model.put("ids", List.of());
        }
        return model;
    }

    private byte[] render(Map<String, Object> model) throws IOException, TemplateException {
        var out = new StringWriter(16 * 1024);
        template.process(model, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] renderUnreadable(Map<String, Object> model) throws IOException {
        try {
            return render(model);
        } catch (TemplateException e) {
            throw new IllegalStateException("results.ftlh cannot render its own error state", e);
        }
    }
}
