package io.batchpulse.deploy.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ScreenshotAnimations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * One headless Chromium for all UI test classes of this JVM, driven by Playwright. It is the
 * system's Chromium (Debian's package; CI installs it), so nothing is downloaded at test time.
 * Each test gets a fresh browser context: its own sessionStorage, so its own signed-in user.
 */
final class UiBrowser {

    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final String CHROMIUM = System.getenv().getOrDefault("BATCHPULSE_CHROMIUM", "/usr/bin/chromium");

    private static Playwright playwright;
    private static Browser browser;

    private UiBrowser() {
    }

    static synchronized Browser get() {
        if (browser == null) {
            if (!Files.isExecutable(Paths.get(CHROMIUM))) {
                throw new IllegalStateException(CHROMIUM + " is missing: install Chromium (apt-get install -y chromium) "
                        + "or point BATCHPULSE_CHROMIUM at one");
            }
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Paths.get(CHROMIUM))
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--no-first-run")));
            PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
            Runtime.getRuntime().addShutdownHook(new Thread(UiBrowser::close, "ui-browser-stop"));
        }
        return browser;
    }

    /** A new context and page at the given size; the caller closes the context. */
    static Page newPage(int width, int height) {
        BrowserContext context = get().newContext(new Browser.NewContextOptions()
                .setViewportSize(width, height)
                .setLocale("en-US")
                .setTimezoneId("UTC"));
        context.setDefaultTimeout(30_000);
        Page page = context.newPage();
        // what the browser saw goes into the test output, so a failure on a CI machine can be read afterwards
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type()) || "warning".equals(message.type())) {
                System.out.println("[browser " + message.type() + "] " + message.text());
            }
        });
        page.onPageError(error -> System.out.println("[browser page error] " + error));
        // (without the query: a stream's ticket is in it)
        page.onRequestFailed(request -> System.out.println("[browser request failed] " + request.method() + " "
                + request.url().replaceFirst("\\?.*", "") + ": " + request.failure()));
        return page;
    }

    /** The whole page, top to bottom. */
    static Path screenshot(Page page, String name) {
        return screenshot(page, name, true);
    }

    /** fullPage false: what the viewport shows (for overlays fixed to the viewport, like a dialog). */
    static Path screenshot(Page page, String name, boolean fullPage) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = SCREENSHOTS.resolve(name + ".png");
        // finished animations: a dialog caught mid fade-in looks see-through
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(fullPage)
                .setAnimations(ScreenshotAnimations.DISABLED));
        return file;
    }

    private static synchronized void close() {
        if (playwright != null) {
            playwright.close();
            playwright = null;
            browser = null;
        }
    }
}
