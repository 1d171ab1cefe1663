package webstack.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import webstack.testing.Browser;
import webstack.testing.Http;
import webstack.testing.Needs;
import webstack.testing.Service;
import webstack.testing.SharedTomcat;
import webstack.testing.TomcatInstance;

/**
 * /docs in a real headless Chromium: Swagger UI loads from the WebJar under the page's
 * Content-Security-Policy, reads /openapi.json, lists the user operations, and "Try it out"
 * on GET /json calls the server from the page and shows its answer.
 */
@Needs(Service.BROWSER)
@ExtendWith(SharedTomcat.class)
class DocsBrowserIT {

    private static TomcatInstance tomcat;
    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser(TomcatInstance shared) throws Exception {
        tomcat = shared;
        browser = Browser.open();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.quit();
    }

    @Test
    void swaggerUiListsTheUserOperationsAndTriesOutJson() throws Exception {
        browser.get(tomcat.uri("/docs").toString());
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("operations-benchmark-json")));
        assertEquals("webstack", browser.findElement(By.cssSelector(".info .title")).getText().split("\\s")[0]);
        for (String operation : List.of("registerUser", "token", "listUsers", "getUser", "updateUser", "deleteUser")) {
            WebElement block = browser.findElement(By.id("operations-users-" + operation));
            assertTrue(block.isDisplayed(), operation);
        }

        WebElement json = browser.findElement(By.id("operations-benchmark-json"));
        json.findElement(By.cssSelector(".opblock-summary-control")).click();
        wait.until(ExpectedConditions.elementToBeClickable(json.findElement(By.cssSelector(".try-out__btn")))).click();
        wait.until(ExpectedConditions.elementToBeClickable(json.findElement(By.cssSelector(".execute")))).click();
        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#operations-benchmark-json .live-responses-table tr.response .response-col_status")));
        assertEquals("200", status.getText().trim());
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", status);
        String body = json.findElement(By.cssSelector(".live-responses-table tr.response .response-col_description pre")).getText();
        assertTrue(body.contains("\"message\": \"Hello, World!\""), body);

        assertTrue(Files.size(Browser.screenshot(browser, "docs.png")) > 10_000, "a real screenshot");
        // Nothing the page needed was refused by its Content-Security-Policy.
        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).toList();
        assertTrue(console.stream().noneMatch(m -> m.contains("Content Security Policy")), console.toString());
    }

    @Test
    void theDocsPageRunsOnlyTheSitesOwnScriptsAndServesOnlyTheWebJarFilesItUses() throws Exception {
        var page = Http.get(tomcat.uri("/docs"));
        assertEquals(200, page.statusCode());
        String policy = Http.header(page, "Content-Security-Policy");
        assertTrue(policy.contains("script-src 'self';"), policy);
        assertTrue(!Http.text(page).contains("<script>"), "no inline script");
        var bundle = Http.get(tomcat.uri("/docs/swagger-ui-bundle.js"));
        assertEquals(200, bundle.statusCode());
        assertTrue(Http.header(bundle, "Content-Type").startsWith("text/javascript"));
        assertEquals(404, Http.get(tomcat.uri("/docs/index.html")).statusCode(), "the WebJar's own page is not served");
        assertEquals(404, Http.get(tomcat.uri("/docs/../WEB-INF/web.xml")).statusCode());
    }
}
