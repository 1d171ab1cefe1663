package webstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import freemarker.cache.FileTemplateLoader;
import freemarker.template.Configuration;
import java.io.File;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import webstack.results.ResultsDirectory.Outcome;
import webstack.system.Json;
import webstack.system.Templates;
import webstack.testing.ResultsSample;

/** The real {@code results.ftlh} with the real configuration, fed the sample results. */
class ResultsTemplateTest {

    private static Configuration cfg;

    @TempDir
    Path dir;

    @BeforeAll
    static void templates() {
        cfg = Templates.configuration(fileLoader());
    }

    private static FileTemplateLoader fileLoader() {
        try {
            return new FileTemplateLoader(new File("webapp/WEB-INF/templates"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String render(Outcome outcome) throws Exception {
        var out = new StringWriter();
        cfg.getTemplate("results.ftlh").process(ResultsPageServlet.model(outcome, List.of()), out);
        return out.toString();
    }

    private String renderSample(String json) throws Exception {
        ResultsSample.write(dir, ResultsSample.ID, json);
        return render(new ResultsDirectory(dir, Json.mapper()).load(null));
    }

    @Test
    void labelsAreHtmlEscaped() throws Exception {
        String html = renderSample(ResultsSample.json()
                .replace("\"label\": \"Go net/http\"", "\"label\": \"<script>alert('x')</script>\"")
                .replace("\"os\": \"Debian", "\"os\": \"\\\"><b>Debian"));
        assertFalse(html.contains("<script>"), "raw markup must not pass through");
        assertFalse(html.contains("<b>"), "raw markup must not pass through");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("&quot;&gt;&lt;b&gt;Debian"), html);
    }

    @Test
    void showsTheNumbersTheMachineAndTheRun() throws Exception {
        String html = renderSample(ResultsSample.json());
        assertTrue(html.contains("<h2>/Hello/100, 1 proc</h2>"), html);
        assertTrue(html.contains("30,368"), "wrk median, grouped");
        assertTrue(html.contains("29,000–31,736"), "min–max beside it");
        assertTrue(html.contains("7,901"), "siege median, rounded");
        assertTrue(html.contains("37.0"), "p99");
        assertTrue(html.contains("RSS MiB, all processes"), "the RSS shown is rssMiB, the whole server's");
        assertTrue(html.contains("1.11×"), "ratio to Go");
        assertTrue(html.contains("12 wrk errors"), "errors of an ok row are visible");
        assertTrue(html.contains("Intel(R) Xeon(R) CPU @ 2.20GHz"));
        assertTrue(html.contains("24,032 MiB"));
        assertTrue(html.contains("Linux 6.1.0-27-amd64"));
        assertTrue(html.contains("tomcat <code>11.0.24</code>"));
        assertTrue(html.contains("siege and wrk run on the same 2 cores as the servers"));
        assertTrue(html.contains("2026-11-22 10:15 UTC"), "the date");
        assertTrue(html.contains("13 min 41 s"), "how long it took");
        assertTrue(html.contains("<dt>Mode</dt><dd>full</dd>"));
        assertTrue(html.contains("<code>bench/run</code>"), "the command");
        assertTrue(html.contains("✗ missed</span>\n        /Hello/100, Tomcat direct: at least 1.3x Go net/http req/s: <strong>1.11x</strong>"), html);
        assertTrue(html.contains("<strong>twister (Go)</strong>: not packaged in Debian 12, pre-Go 1 API"));
    }

    @Test
    void aFailedRowShowsItsReasonAcrossTheNumbers() throws Exception {
        String html = renderSample(ResultsSample.json());
        Matcher row = Pattern.compile("<tr class=\"not-ok\">(.*?)</tr>", Pattern.DOTALL).matcher(html);
        assertTrue(row.find(), "the failed row is kept");
        String failed = row.group(1);
        assertTrue(failed.contains("web.py + CherryPy"), failed);
        assertTrue(failed.contains("<td class=\"reason\" colspan=\"5\"><strong>failed</strong>"), failed);
        assertTrue(failed.contains("did not answer on 127.0.0.1:18402 within 20 s"), failed);
        assertFalse(row.find(), "only one row failed");
    }

    @Test
    void barsAreScaledToTheLargestValueOfTheirColumn() throws Exception {
        String html = renderSample(ResultsSample.json());
        List<String> widths = Pattern.compile("class=\"bar-fill group-(\\w+)\" style=\"width: ([0-9.]+)%\"")
                .matcher(html).results().map(m -> m.group(1) + " " + m.group(2)).toList();
        // Table 1: siege 7900.5 vs 7750, wrk 30368.2 vs 27351; table 2: wrk alone.
        assertEquals(List.of("java 100", "java 100", "go 98.1", "go 90.1", "java 100"), widths);
    }

    @Test
    void columnsWithoutAnyValueAreLeftOut() throws Exception {
        String html = renderSample(ResultsSample.json());
        String json = html.substring(html.indexOf("<h2>/json, 10000 connections</h2>"));
        json = json.substring(0, json.indexOf("</table>"));
        assertFalse(json.contains("siege trans/s"), "no siege figures for /json: " + json);
        assertTrue(json.contains("wrk req/s"), json);
        assertTrue(json.contains("0.95×"), json);
        String hello = html.substring(html.indexOf("<h2>/Hello/100, 1 proc</h2>"));
        assertTrue(hello.substring(0, hello.indexOf("</table>")).contains("siege trans/s"));
    }

    @Test
    void theArticlesFiguresStandBesideTheMeasuredOnes() throws Exception {
        String html = renderSample(ResultsSample.withArticle(ResultsSample.usersRun(), ResultsSample.ARTICLE));
        String article = section(html, "article");
        assertTrue(article.contains("<h2>The article's user API on this machine</h2>"), article);
        assertTrue(article.contains(">Reported by the article, its own machine, not measured here</th>"), article);
        assertTrue(article.contains("Reported beside them, not measured here: the 2025 article: 10,000 concurrent"), article);
        Matcher gin = Pattern.compile("<tr class=\"ok\">\\s*<th scope=\"row\">Gin \\(user API\\)</th>(.*?)</tr>", Pattern.DOTALL)
                .matcher(article);
        assertTrue(gin.find(), article);
        List<String> cells = Pattern.compile("<td class=\"num[^\"]*\">(?:<span class=\"value\">)?([^<]*)")
                .matcher(gin.group(1)).results().map(m -> m.group(1)).toList();
        assertEquals(List.of("10,729", "26.5", "24", "110,000", "4", "35"), cells, "measured, then reported");
        assertTrue(article.contains("<td class=\"num reported empty\">–</td>"), "no reported figures for Tomcat");

        String ratios = section(html, "article-ratios");
        assertTrue(ratios.contains("<h2>Java / Gin and Java / FastAPI, per workload</h2>"), ratios);
        assertTrue(ratios.contains(">nginx→Tomcat / nginx→FastAPI</th>"), ratios);
        assertTrue(ratios.contains("<td class=\"num\">0.53×</td>\n              <td class=\"num\">7.47×</td>"), ratios);
        assertTrue(html.indexOf("id=\"article\"") < html.indexOf("id=\"table-users-read\""), "before the full tables");
    }

    @Test
    void anOldRunShowsItsMeasuredFiguresOnlyAndDashesForMissingRatios() throws Exception {
        String html = renderSample(ResultsSample.usersRun().replace("\"id\": \"gin-users\"", "\"id\": \"gin-users-gone\""));
        String article = section(html, "article");
        assertTrue(article.contains("measured figures only"), article);
        assertFalse(article.contains("Reported by the article"), article);
        assertFalse(article.contains("reported"), "no reported columns: " + article);
        assertTrue(article.contains("<span class=\"value\">10,729</span>"), article);
        assertTrue(section(html, "article-ratios").contains("<td class=\"num empty\">–</td>"), "Tomcat / Gin without Gin");
    }

    @Test
    void aRunWithoutUserApiTablesHasNoArticleSection() throws Exception {
        String html = renderSample(ResultsSample.withArticle(ResultsSample.json(), ResultsSample.ARTICLE));
        assertFalse(html.contains("The article's user API"), html);
        assertFalse(html.contains("per workload"), html);
    }

    @Test
    void theArticlesLabelsAreHtmlEscaped() throws Exception {
        String html = renderSample(ResultsSample.withArticle(ResultsSample.usersRun(),
                "[{\"row\": \"nowhere\", \"label\": \"<i>Gin</i>\", \"rps\": 1, \"p99Ms\": 1, \"memoryMB\": 1, "
                        + "\"source\": \"<script>x</script>\"}]"));
        assertFalse(html.contains("<i>Gin"), html);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;i&gt;Gin&lt;/i&gt;"), html);
        assertTrue(html.contains("&lt;script&gt;x&lt;/script&gt;"), html);
    }

    /** The section of the page with id {@code id}. */
    private static String section(String html, String id) {
        int start = html.indexOf("<section class=\"bench-table\" id=\"" + id + "\">");
        assertTrue(start >= 0, "no section " + id + " in " + html);
        return html.substring(start, html.indexOf("</section>", start));
    }

    @Test
    void noResultsSaysSo() throws Exception {
        String html = render(new Outcome.NoResults());
        assertTrue(html.contains("No benchmark results yet: run <code>bench/run</code>"), html);
        assertFalse(html.contains("<table"), html);
    }

    @Test
    void anUnreadableFileSaysWhyAndLinksTheOtherRuns() throws Exception {
        String html = render(new Outcome.Unreadable("20261122-101500", "not valid JSON of schema webstack-bench/1 (line 3, column 5)",
                List.of("20261122-101500", "20261121-101500")));
        assertTrue(html.contains("The benchmark results cannot be read"), html);
        assertTrue(html.contains("Run 20261122-101500: not valid JSON of schema webstack-bench/1 (line 3, column 5)."), html);
        assertTrue(html.contains("<a href=\"/bench?run=20261121-101500\">20261121-101500</a>"), html);
    }

    @Test
    void aRunWithoutOptionalPartsStillRenders() throws Exception {
        String html = renderSample("{\"schema\": \"webstack-bench/1\", \"tables\": [{\"title\": \"t\", \"rows\": ["
                + "{\"label\": \"a\", \"status\": \"ok\"}, {\"label\": \"b\", \"status\": \"skipped\"}]}]}");
        assertTrue(html.contains("<h2>t</h2>"), html);
        assertTrue(html.contains("colspan=\"1\"><strong>skipped</strong>\n                no reason given"), html);
    }

    @Test
    void theFaultTableShowsEachFaultAndItsProblemsEscaped() throws Exception {
        var ok = new FaultRun.Fault("partition", 900, 0, 0, 0, 0.2, 2.1, 12, 80, 78, 2, 1, 0, 0, 0, 2.5,
                null, 0, null, null, null, null, null, List.of());
        var bad = new FaultRun.Fault("db-restart", 700, 3, 40, 3.2, 0.4, 3.3, 0, 60, 50, 10, 4, 1, 0, 0, null,
                null, 0, null, null, null, null, null,
                List.of("1 acknowledged registrations are not in the database: [<b>x</b>]"));
        var run = new FaultRun("webstack-faults/1", "20261202-100000", "bench/faults", null, "<i>five</i> hosts", List.of(ok, bad));
        var out = new StringWriter();
        cfg.getTemplate("results.ftlh").process(ResultsPageServlet.model(new Outcome.NoResults(), List.of(run)), out);
        String html = out.toString();
        assertTrue(html.contains("Faults on the several-hosts testbed"), html);
        assertTrue(html.contains("<th scope=\"row\">partition</th>"), html);
        assertTrue(html.contains("<td>2.5 s</td>"), html);
        assertTrue(html.contains("40 (slowest 3.2 s)"), html);
        assertTrue(html.contains("<tr class=\"failed\"><th scope=\"row\">db-restart</th>"), html);
        assertTrue(html.contains("[&lt;b&gt;x&lt;/b&gt;]"), html);
        assertTrue(html.contains("&lt;i&gt;five&lt;/i&gt; hosts"), html);
        assertFalse(html.contains("<b>x</b>"), html);
    }

    @Test
    void theGaleraFaultTableShowsFailoverRejoinAndNodes() throws Exception {
        var kill = new FaultRun.Fault("writer-kill", 1200, 0, 0, 0, 0.3, 2.9, 0, 90, 88, 2, 2, 0, 0, 0, 9.4,
                "db1", 3, 2.1, 3.4, 9.4, "IST", List.of(), List.of());
        var restart = new FaultRun.Fault("cluster-restart", 800, 0, 120, 3.1, 3.0, 3.2, 0, 60, 40, 5, 1, 0, 0, 0, 4.2,
                "all", 0, null, 31.0, 25.5, null, List.of("db3"), List.of("nodes db3 hold other rows than db1"));
        var single = new FaultRun("webstack-faults/1", "20261202-090000", "bench/faults", "single", "five hosts", List.of());
        var galera = new FaultRun("webstack-faults/1", "20261202-100000", "bench/faults --db galera", "galera",
                "seven hosts", List.of(kill, restart));
        var out = new StringWriter();
        cfg.getTemplate("results.ftlh").process(ResultsPageServlet.model(new Outcome.NoResults(), List.of(single, galera)), out);
        String html = out.toString();
        assertTrue(html.contains("id=\"faults-single\""), html);
        assertTrue(html.contains("the Galera database tier"), html);
        assertTrue(html.contains("<th scope=\"row\">writer-kill</th><td>db1</td>"), html);
        assertTrue(html.contains("<td>0 (3)</td>"), html);
        assertTrue(html.contains("<td>2.1 s</td>"), html);
        assertTrue(html.contains("9.4 s (IST)"), html);
        assertTrue(html.contains("120 (slowest 3.1 s)"), html);
        assertTrue(html.contains("db-bootstrap 25.5 s; reads back 4.2 s after the kill"), html);
        assertTrue(html.contains("<td>no: db3</td>"), html);
        assertTrue(html.contains("<tr class=\"failed\"><th scope=\"row\">cluster-restart</th>"), html);
    }
}
