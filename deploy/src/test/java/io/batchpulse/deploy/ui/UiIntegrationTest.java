package io.batchpulse.deploy.ui;

import com.microsoft.playwright.Page;
import io.batchpulse.deploy.E2eCluster;
import io.batchpulse.deploy.LocalCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every UI test class shares: the one running Batchpulse of this JVM, and the page of the
 * test at hand, whose browser context (storage, routes, session) is closed after it.
 */
abstract class UiIntegrationTest {

    protected static LocalCluster cluster;
    protected Page page;

    @BeforeAll
    static void startCluster() {
        cluster = E2eCluster.get();
    }

    @AfterEach
    void closePage() {
        if (page != null) {
            page.context().close();
            page = null;
        }
    }

    /** A page of the given size signed in as {@code user}, at {@code path} (e.g. "/#/batches/new"). */
    protected Page openAs(UiUser user, String path, int width, int height) {
        page = UiBrowser.newPage(width, height);
        user.signInBrowser(page);
        page.navigate(user.url(path).toString());
        return page;
    }
}
