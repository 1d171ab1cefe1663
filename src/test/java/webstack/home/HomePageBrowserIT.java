package webstack.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import webstack.testing.Browser;
import webstack.testing.Needs;
import webstack.testing.Service;
import webstack.testing.SharedTomcat;
import webstack.testing.TomcatInstance;

/** The home page in a real headless Chromium (Debian's chromium and chromium-driver). */
@Needs(Service.BROWSER)
@ExtendWith(SharedTomcat.class)
class HomePageBrowserIT {

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
    void homePageRendersWithItsStylesheet() throws Exception {
        browser.get(tomcat.uri("/").toString());
        assertEquals("webstack — the Java servlet stack, measured", browser.getTitle());
        assertEquals("webstack", browser.findElement(By.tagName("h1")).getText());

        // The stylesheet from /static/ was loaded and applied: the masthead is dark.
        WebElement masthead = browser.findElement(By.className("masthead"));
        assertEquals("rgba(29, 35, 48, 1)", masthead.getCssValue("background-color"));
        assertEquals("rgb(245, 247, 250)", rgbOf(browser.findElement(By.tagName("body")).getCssValue("background-color")));

        List<WebElement> tables = browser.findElements(By.cssSelector("table.endpoints"));
        assertEquals(2, tables.size(), "the benchmark pages and the user API");
        assertEquals(4, tables.get(0).findElements(By.cssSelector("tbody tr")).size());
        assertEquals(7, tables.get(1).findElements(By.cssSelector("tbody tr")).size());
        assertTrue(tables.get(1).getText().contains("POST /users"));

        assertTrue(Files.size(screenshot("home.png")) > 10_000, "a real screenshot");
    }

    @Test
    void benchmarkLinkOpensTheHundredLinePage() {
        browser.get(tomcat.uri("/").toString());
        browser.findElement(By.linkText("GET /Hello/100")).click();
        assertTrue(browser.getCurrentUrl().endsWith("/Hello/100"), browser.getCurrentUrl());
        String text = browser.findElement(By.tagName("body")).getText();
        assertTrue(text.startsWith("0: Hello\n1: Hello\n"), text.substring(0, 30));
        assertTrue(text.endsWith("99: Hello"), text.substring(text.length() - 20));
    }

    @Test
    void layoutHoldsOnANarrowScreen() throws Exception {
        browser.manage().window().setSize(new Dimension(420, 900));
        try {
            browser.get(tomcat.uri("/").toString());
            Object overflow = browser.executeScript(
                    "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
            assertEquals(Boolean.FALSE, overflow, "no sideways scrolling of the page");
            List<WebElement> cards = browser.findElements(By.className("card"));
            assertEquals(3, cards.size());
            assertTrue(cards.get(1).getLocation().getY() > cards.get(0).getLocation().getY(), "cards stack");
            screenshot("home-narrow.png");
        } finally {
            browser.manage().window().setSize(new Dimension(1200, 900));
        }
    }

    @Test
    void benchmarkResultsLinkShowsTheSampleRunWithBars() throws Exception {
        browser.get(tomcat.uri("/").toString());
        browser.findElement(By.linkText("Benchmark results")).click();
        assertTrue(browser.getCurrentUrl().endsWith("/bench"), browser.getCurrentUrl());
        assertEquals("Benchmark results — webstack", browser.getTitle());

        // The shared Tomcat shows the sample results (SharedTomcat): Tomcat leads the first table.
        List<WebElement> bars = browser.findElements(By.className("bar-fill"));
        assertFalse(bars.isEmpty(), "bars drawn");
        WebElement first = bars.get(0);
        assertTrue(first.isDisplayed());
        assertTrue(first.getSize().getWidth() > 50, "the largest bar is wide: " + first.getSize());
        WebElement track = first.findElement(By.xpath(".."));
        assertEquals(track.getSize().getWidth(), first.getSize().getWidth(), 1, "100% of its track");
        assertTrue(bars.get(2).getSize().getWidth() < first.getSize().getWidth(), "Go's siege bar is shorter");
        assertTrue(browser.findElement(By.cssSelector("tr.not-ok")).getText().contains("did not answer"));

        assertTrue(Files.size(screenshot("bench.png")) > 10_000, "a real screenshot");
    }

    @Test
    void benchmarkPageHoldsOnANarrowScreen() throws Exception {
        browser.manage().window().setSize(new Dimension(420, 900));
        try {
            browser.get(tomcat.uri("/bench").toString());
            Object overflow = browser.executeScript(
                    "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
            assertEquals(Boolean.FALSE, overflow, "no sideways scrolling of the page; tables scroll in their box");
            assertTrue(browser.findElement(By.className("bar-fill")).getSize().getWidth() > 0);
            screenshot("bench-narrow.png");
        } finally {
            browser.manage().window().setSize(new Dimension(1200, 900));
        }
    }

    private static Path screenshot(String name) throws java.io.IOException {
        return Browser.screenshot(browser, name);
    }

    private static String rgbOf(String cssColor) {
        return cssColor.replace("rgba(", "rgb(").replace(", 1)", ")");
    }
}
