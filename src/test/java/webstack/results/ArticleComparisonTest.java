package webstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import webstack.results.ArticleComparison.Figures;
import webstack.results.ArticleComparison.Line;
import webstack.results.ArticleComparison.Ratios;
import webstack.results.RunResults.ArticleFigure;
import webstack.system.Json;
import webstack.testing.ResultsSample;

/**
 * The article's comparison: the committed user API run (with and without the article's
 * figures, as the report shows it in bench/results/20261201-170737.md), and small runs built
 * here for the cases that run lacks.
 */
class ArticleComparisonTest {

    private static final ArticleFigure GIN = new ArticleFigure("gin-users", "Go Gin", 110_000.0, 4.0, 35.0, "the article");

    private static RunResults read(String json) throws Exception {
        return Json.mapper().readValue(json, RunResults.class);
    }

    @Test
    void theCommittedRunWithTheArticlesFiguresAsTheReportShowsIt() throws Exception {
        ArticleComparison a = ArticleComparison.of(read(ResultsSample.withArticle(ResultsSample.usersRun(), ResultsSample.ARTICLE)));

        assertEquals("users-read", a.readTable().id());
        assertTrue(a.reported());
        assertEquals(List.of("the 2025 article: 10,000 concurrent connections, simple JSON response, its own machine"),
                a.sources(), "one source, named once");
        assertEquals(List.of("Tomcat 11 (direct)", "nginx → Tomcat ×N (TCP)", "Gin (user API)", "nginx → Gin (user API)",
                "FastAPI + uvicorn (user API)", "nginx → FastAPI (user API)"), a.lines().stream().map(Line::label).toList());

        Line tomcat = a.lines().get(0);
        assertEquals(new Figures("5,705", "197.6", "171"), tomcat.measured());
        assertNull(tomcat.reported(), "the article has no Java figures");
        Line gin = a.lines().get(2);
        assertEquals(new Figures("10,729", "26.5", "24"), gin.measured(), "26.45 rounded as the tables below (the report, in Python, writes 26.4)");
        assertEquals(new Figures("110,000", "4", "35"), gin.reported());
        assertEquals(new Figures("45,000", "15", "150"), a.lines().get(4).reported());
        assertNull(a.lines().get(3).reported(), "nginx → Gin is not the article's");
    }

    @Test
    void ratiosPerWorkloadDirectAgainstDirectAndNginxAgainstNginx() throws Exception {
        ArticleComparison a = ArticleComparison.of(read(ResultsSample.usersRun()));

        assertEquals(List.of("Tomcat / Gin", "Tomcat / FastAPI", "nginx→Tomcat / nginx→Gin", "nginx→Tomcat / nginx→FastAPI"),
                a.pairs().stream().map(ArticleComparison.Pair::heading).toList());
        assertEquals(List.of("GET /users/{id} (token), 200 connections", "GET /users?skip=…&limit=10 (token), 200 connections",
                "POST /users (bcrypt cost 10), 200 connections", "90% GET /users/{id}, 10% POST /users, 200 connections"),
                a.workloads().stream().map(ArticleComparison.Workload::title).toList());
        // The report's figures for the same run (bench/results/20261201-170737.md).
        assertEquals(List.of(new Ratios("0.53×", "7.47×"), new Ratios("2.61×", "0.42×"),
                new Ratios("0.32×", "2.74×"), new Ratios("1.71×", "0.26×")), a.workloads().get(0).ratios());
        assertEquals(List.of(new Ratios("0.29×", "0.88×"), new Ratios("0.78×", "1.28×"),
                new Ratios("0.35×", "0.97×"), new Ratios("1.00×", "1.40×")), a.workloads().get(3).ratios());
    }

    @Test
    void anOldRunWithoutTheArticleShowsMeasuredFiguresOnly() throws Exception {
        ArticleComparison a = ArticleComparison.of(read(ResultsSample.usersRun()));

        assertFalse(a.reported());
        assertEquals(List.of(), a.sources());
        assertEquals(6, a.lines().size());
        assertTrue(a.lines().stream().allMatch(l -> l.measured() != null && l.reported() == null), a.lines().toString());
    }

    @Test
    void aRunWithoutUserApiTablesHasNoComparison() throws Exception {
        assertNull(ArticleComparison.of(read(ResultsSample.json())));
        assertNull(ResultsView.of(read(ResultsSample.json())).article());
    }

    @Test
    void aMissingOrFailedRowHasNoRatio() {
        ResultsTable list = table("users-list", 200,
                row("tomcat", "ok", 2000.0, 100.0),
                row("gin-users", "failed", null, null),
                row("fastapi-users", "ok", 1000.0, 400.0),
                row("tomcat-nginx-tcp", "ok", 1500.0, 0.0),
                row("fastapi-users-nginx", "ok", 500.0, 10.0));
        ArticleComparison a = ArticleComparison.of(run(List.of(), list));

        assertEquals(List.of(new Ratios(null, null), new Ratios("2.00×", "0.25×"), new Ratios(null, null),
                new Ratios("3.00×", null)), a.workloads().get(0).ratios(), "no nginx → Gin row; no ratio of a zero p99");
    }

    @Test
    void theReadTableWithTheMostConnectionsIsShown() {
        ResultsTable read = table("users-read", 200, row("tomcat", "ok", 5000.0, 20.0));
        ResultsTable many = table("users-read-c10000", 10000, row("tomcat", "ok", 3000.0, 900.0));
        ResultsTable create = table("users-create-c20000", 20000, row("tomcat", "ok", 30.0, 2000.0));
        ArticleComparison a = ArticleComparison.of(run(List.of(), create, read, many));

        assertEquals("users-read-c10000", a.readTable().id());
        assertEquals(new Figures("3,000", "900.0", null), a.lines().get(0).measured(), "no RSS figure: none shown");
        assertEquals(3, a.workloads().size(), "ratios for every user API table");
        assertEquals("users-create-c20000", ArticleComparison.of(run(List.of(), create)).readTable().id(),
                "without a read table, the first user API table");
    }

    @Test
    void aReportedFigureIsKeptWhateverBecameOfItsRow() {
        ResultsTable read = table("users-read", 200,
                row("tomcat", "ok", 5000.0, 20.0),
                row("gin-users", "failed", null, null));
        ArticleFigure fastApi = new ArticleFigure("fastapi-users", "FastAPI (uvicorn)", 45_000.0, 4.5, 150.0, "the article");
        ArticleComparison a = ArticleComparison.of(run(List.of(GIN, fastApi), read));

        Line gin = a.lines().get(1);
        assertNull(gin.measured());
        assertEquals("failed", gin.missing());
        assertEquals(new Figures("110,000", "4", "35"), gin.reported());
        Line fastApiLine = a.lines().get(2);
        assertEquals("FastAPI (uvicorn)", fastApiLine.label(), "a figure for a row the table lacks, under the article's name");
        assertEquals("not in this table", fastApiLine.missing());
        assertEquals(new Figures("45,000", "4.5", "150"), fastApiLine.reported(), "as reported, a decimal kept");
        assertEquals(List.of("the article"), a.sources());
    }

    private static RunResults run(List<ArticleFigure> article, ResultsTable... tables) {
        return new RunResults(RunResults.SCHEMA, null, null, "full", "bench/run", null, null,
                Arrays.asList(tables), List.of(), List.of(), article);
    }

    private static ResultsTable table(String id, int connections, ResultsRow... rows) {
        return new ResultsTable(id, id + " title", "/users/{id}", 2, connections, Arrays.asList(rows));
    }

    private static ResultsRow row(String id, String status, Double rps, Double p99) {
        return new ResultsRow(id, id + " label", "Java", status, null, status.equals("ok") ? null : "it broke",
                null, null, stats(rps), stats(p99), 0, null, null);
    }

    private static Stats stats(Double median) {
        return median == null ? null : new Stats(median, median, median);
    }
}
