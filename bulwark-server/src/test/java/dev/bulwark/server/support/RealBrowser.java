package dev.bulwark.server.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.bulwark.core.testing.SkippedTests;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's chromium driven by Playwright (the bundled browser download cannot work here). Where no chromium is
 * installed the browser tests are skipped with a message, unless {@code BULWARK_REQUIRE_BROWSER} is set (CI sets it,
 * after installing chromium): then its absence fails them.
 */
public final class RealBrowser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Playwright playwright;
    private final Browser browser;

    private RealBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static RealBrowser launch() {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && System.getenv("BULWARK_REQUIRE_BROWSER") != null) {
            throw new AssertionError("BULWARK_REQUIRE_BROWSER is set but " + CHROMIUM + " is missing: "
                    + "apt-get install -y chromium");
        }
        if (!present) {
            String reason = CHROMIUM + " is not installed (apt-get install -y chromium); browser test skipped";
            SkippedTests.record(reason);
            Assumptions.assumeTrue(false, reason);
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
        return new RealBrowser(playwright, browser);
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
