package io.batchpulse.deploy.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Batches from files in a real browser against the real services: a JSONL file chosen in the
 * form is uploaded in chunks with their progress shown, a chunk that fails is sent again, a
 * reload mid-upload resumes from the server's offset when the same file is chosen again, and
 * the batch page shows the stages, the duration breakdown and the file's report of skipped
 * lines. Chunks are 64 KB here (the page's test override) so that a small file takes many.
 */
class FileUploadUiIntegrationTests extends UiIntegrationTest {

    private static final int CHUNK = 64 * 1024;
    private static final String UPLOADS = "**/api/v1/uploads/*";
    private static final String[] SYMBOLS = {"NVDA", "TSLA", "AAPL", "MSFT", "AMZN"};
    private static final LocatorAssertions.HasTextOptions LONG = new LocatorAssertions.HasTextOptions().setTimeout(120_000);

    @Test
    void aTwentyThousandLineFileUploadsInChunksAndTheBatchPageShowsItsStagesUpToTheExactTotal() {
        Path file = jsonl("sheets-20k", 20_000, Set.of());
        long size = size(file);
        long chunks = (size + CHUNK - 1) / CHUNK;
        UiUser user = UiUser.unique(cluster.gatewayUrl(), "upload");
        openForm(user, 1280, 900);
        List<Route> held = holdPatches(count -> count == 3);
        fillSettings("Exam sheets from a file");

        page.locator("#items-file").setInputFiles(file);
        assertThat(page.getByTestId("file-pill")).containsText("sheets-20k.jsonl");
        assertThat(page.getByTestId("file-pill")).containsText(humanSize(size) + " · JSONL");
        Locator status = page.getByTestId("upload-status");
        // (the pattern runs in the browser: a JavaScript regular expression)
        assertThat(status).containsText(Pattern.compile("Chunk 3 of " + chunks + " — \\d+\\.\\d KB of " + humanSize(size).replace(".", "\\.")));
        assertThat(page.getByTestId("upload-bar")).hasAttribute("aria-valuenow", Pattern.compile("^(?!0$)[\\d.]+$"));
        // starting the batch mid-upload waits for the last chunk
        startBatch();
        assertThat(submit()).hasAttribute("aria-busy", "true");
        assertThat(submit()).containsText("Uploading…");
        UiBrowser.screenshot(page, "file-upload-chunk-progress");
        held.forEach(Route::resume);
        page.unroute(UPLOADS);

        UUID batch = awaitBatchPage();
        assertThat(page.locator(".batch-title")).hasText("Exam sheets from a file");
        UiBrowser.screenshot(page, "file-batch-starting");
        assertThat(page.getByTestId("progress-percent")).hasText("100.0 %", LONG);
        assertThat(page.getByTestId("count-completed").locator(".breakdown__value")).hasText("20,000");
        for (String stage : List.of("uploading", "parsing", "queued", "processing", "completed")) {
            assertThat(page.locator(".timeline__item[data-stage=" + stage + "]")).hasCount(1);
        }
        Locator lastStage = page.locator(".timeline__item").last();
        assertThat(lastStage).hasAttribute("data-stage", "completed");
        assertThat(lastStage).containsText("20,000 completed");
        Locator durations = page.getByTestId("durations");
        for (String part : List.of("totalMs", "uploadMs", "parseMs", "processingMs")) {
            assertThat(durations.locator("dd[data-part=" + part + "]")).hasText(Pattern.compile("\\d"));
        }
        Locator source = page.getByTestId("source");
        assertThat(page.getByTestId("source-file")).hasText("sheets-20k.jsonl");
        assertThat(source).containsText("20,000");
        assertThat(source).containsText(humanSize(size));
        assertThat(page.getByTestId("no-invalid-lines")).isVisible();
        UiBrowser.screenshot(page, "file-batch-completed");

        JsonNode view = user.batch(batch);
        assertThat(view.path("totalItems").asLong()).isEqualTo(20_000);
        assertThat(view.path("completedItems").asLong()).isEqualTo(20_000);
        assertThat(view.path("source").path("chunks").asLong()).isEqualTo(chunks);
        assertThat(view.path("source").path("sizeBytes").asLong()).isEqualTo(size);
        assertThat(uploadEntries()).isEmpty();
    }

    @Test
    void aChunkThatFailsOnceIsSentAgainFromTheServersOffsetAndTheUploadCompletes() {
        Path file = jsonl("retry-2k", 2_000, Set.of());
        UiUser user = UiUser.unique(cluster.gatewayUrl(), "retry");
        openForm(user, 1280, 900);
        List<String> offsets = patchOffsets();
        List<String> heads = Collections.synchronizedList(new ArrayList<>());
        page.onRequest(request -> {
            if ("HEAD".equals(request.method())) {
                heads.add(request.url());
            }
        });
        AtomicInteger patches = new AtomicInteger();
        page.route(UPLOADS, route -> {
            if ("PATCH".equals(route.request().method()) && patches.incrementAndGet() == 1) {
                route.abort("connectionreset");
            } else {
                route.resume();
            }
        });
        fillSettings("Survives a lost chunk");

        page.locator("#items-file").setInputFiles(file);
        assertThat(page.getByTestId("upload-status")).containsText("Uploaded " + humanSize(size(file)));
        assertThat(page.getByTestId("upload-note")).containsText("One chunk was retried after a lost connection");
        assertThat(offsets.get(0)).isEqualTo("0");
        assertThat(offsets.get(1)).as("the chunk is sent again from the offset the server reported").isEqualTo("0");
        assertThat(heads).isNotEmpty();
        startBatch();

        UUID batch = awaitBatchPage();
        assertThat(page.getByTestId("progress-percent")).hasText("100.0 %", LONG);
        assertThat(user.batch(batch).path("totalItems").asLong()).isEqualTo(2_000);
        assertThat(page.getByTestId("count-completed").locator(".breakdown__value")).hasText("2,000");
    }

    @Test
    void aReloadMidUploadOffersToResumeAndTheSameFileContinuesFromTheServersOffset() {
        Path file = jsonl("resume-10k", 10_000, Set.of());
        long size = size(file);
        long chunks = (size + CHUNK - 1) / CHUNK;
        UiUser user = UiUser.unique(cluster.gatewayUrl(), "resume");
        openForm(user, 1280, 900);
        List<String> offsets = patchOffsets();
        // the connection dies after the second chunk: the third never reaches the server
        AtomicBoolean failing = failPatches(count -> count >= 3);

        page.locator("#items-file").setInputFiles(file);
        assertThat(page.getByTestId("upload-status")).containsText("Chunk 3 of " + chunks);
        assertThat(page.getByTestId("upload-note")).containsText("Trying again");
        String uploadId = uploadEntries().get(0);
        assertThat(user.upload(uploadId).path("data").path("offset").asLong()).isEqualTo(2L * CHUNK);
        page.reload();
        failing.set(false);

        Locator resume = page.getByTestId("upload-resume");
        long percent = 2L * CHUNK * 100 / size;
        assertThat(resume).containsText("Resume upload of resume-10k.jsonl (" + percent + " %)");
        UiBrowser.screenshot(page, "file-upload-resume-offer");
        offsets.clear();
        fillSettings("Resumed after a reload");
        page.locator("#items-file").setInputFiles(file);
        assertThat(resume).isHidden();
        assertThat(page.getByTestId("file-pill")).containsText("resuming at");
        assertThat(page.getByTestId("upload-status")).containsText("Uploaded " + humanSize(size));
        assertThat(offsets).as("PATCH offsets after the reload").isNotEmpty().doesNotContain("0");
        assertThat(offsets.get(0)).isEqualTo(Long.toString(2L * CHUNK));
        assertThat(offsets).hasSize((int) (chunks - 2));
        startBatch();

        UUID batch = awaitBatchPage();
        assertThat(page.getByTestId("progress-percent")).hasText("100.0 %", LONG);
        assertThat(page.getByTestId("count-completed").locator(".breakdown__value")).hasText("10,000");
        assertThat(user.batch(batch).path("totalItems").asLong()).isEqualTo(10_000);
        assertThat(user.batch(batch).path("source").path("uploadId").asString()).isEqualTo(uploadId);
        assertThat(uploadEntries()).as("nothing left to resume once the batch exists").isEmpty();
    }

    @Test
    void discardingAnUnfinishedUploadDeletesItOnTheServerAndForgetsIt() {
        Path file = jsonl("discard-3k", 3_000, Set.of());
        UiUser user = UiUser.unique(cluster.gatewayUrl(), "discard");
        openForm(user, 1280, 900);
        AtomicBoolean failing = failPatches(count -> count >= 2);
        page.locator("#items-file").setInputFiles(file);
        assertThat(page.getByTestId("upload-status")).containsText("Chunk 2 of");
        String uploadId = uploadEntries().get(0);
        page.reload();
        failing.set(false);

        Locator resume = page.getByTestId("upload-resume");
        assertThat(resume).containsText("Resume upload of discard-3k.jsonl");
        resume.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Discard")).click();
        assertThat(resume).isHidden();
        assertThat(uploadEntries()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> "NOT_FOUND".equals(user.upload(uploadId).path("error").path("code").asString()));
        page.reload();
        assertThat(page.getByLabel("Batch name")).isVisible();
        assertThat(resume).isHidden();
    }

    @Test
    void aFileWithBadLinesIsRefusedWithTheirLineNumbersNextToTheFileAndCreatesNothing() {
        Path file = jsonl("three-bad-lines", 50, Set.of(7, 19, 33));
        UiUser user = UiUser.unique(cluster.gatewayUrl(), "badlines");
        openForm(user, 375, 812);
        fillSettings("Three bad lines");
        page.locator("#items-file").setInputFiles(file);
        assertThat(page.getByTestId("upload-status")).containsText("Uploaded");
        startBatch();

        Locator badLines = page.getByTestId("bad-lines");
        assertThat(badLines).isVisible();
        assertThat(badLines).containsText("3 of 50 lines");
        Locator lines = badLines.locator(".bad-line");
        assertThat(lines).hasCount(3);
        assertThat(lines.nth(0)).containsText("Line 7");
        assertThat(lines.nth(1)).containsText("Line 19");
        assertThat(lines.nth(2)).containsText("Line 33");
        assertThat(page.locator(".banner--error")).containsText("invalid lines");
        assertThat(page).hasURL(Pattern.compile(".*#/batches/new$"));
        assertThat(user.batchCount()).as("batches of a refused file").isZero();
        assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue())
                .as("page width at 375 px").isLessThanOrEqualTo(375);
        badLines.scrollIntoViewIfNeeded();
        UiBrowser.screenshot(page, "file-bad-lines-mobile", false);
    }

    @Test
    void skippingInvalidLinesStartsTheGoodOnesAndTheBatchPageLinksTheReportOfTheSkippedOnes() {
        Path file = jsonl("skip-invalid", 50, Set.of(7, 19, 33));
        UiUser user = UiUser.unique(cluster.gatewayUrl(), "skip");
        openForm(user, 1280, 900);
        fillSettings("Good lines only");
        page.locator("#items-file").setInputFiles(file);
        page.getByLabel("Skip invalid lines").check();
        startBatch();

        UUID batch = awaitBatchPage();
        assertThat(page.getByTestId("progress-percent")).hasText("100.0 %", LONG);
        assertThat(page.getByTestId("count-completed").locator(".breakdown__value")).hasText("47");
        Locator report = page.getByTestId("invalid-lines");
        assertThat(report.locator("summary")).hasText("3 invalid lines skipped — view report");
        assertThat(report.locator(".bad-line").first()).isHidden();
        report.locator("summary").click();
        Locator lines = report.locator(".bad-line");
        assertThat(lines).hasCount(3);
        assertThat(lines.nth(0)).containsText("Line 7");
        assertThat(lines.nth(2)).containsText("Line 33");
        UiBrowser.screenshot(page, "file-batch-skipped-lines");
        JsonNode source = user.batch(batch).path("source");
        assertThat(source.path("invalidLines").asLong()).isEqualTo(3);
        assertThat(source.path("items").asLong()).isEqualTo(47);

        page.setViewportSize(375, 812);
        assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue())
                .as("page width at 375 px").isLessThanOrEqualTo(375);
        report.scrollIntoViewIfNeeded();
        UiBrowser.screenshot(page, "mobile-file-batch-report", false);
    }

    /** The new batch form with 64 KB chunks, signed in as {@code user}. */
    private void openForm(UiUser user, int width, int height) {
        page = UiBrowser.newPage(width, height);
        page.context().addInitScript("localStorage.setItem('batchpulse.uploadChunkBytes', '" + CHUNK + "');");
        user.signInBrowser(page);
        page.navigate(user.url("/#/batches/new").toString());
        assertThat(page.getByLabel("Batch name")).isVisible();
    }

    private void fillSettings(String name) {
        page.getByLabel("Batch name").fill(name);
        page.getByLabel("Latency (ms)").fill("1");
        page.getByLabel("Jitter (ms)").fill("0");
        page.getByLabel("Failure rate (0–1)").fill("0");
        page.getByLabel("Max in flight").fill("200");
        page.getByLabel("Max attempts").fill("1");
    }

    private Locator submit() {
        return page.locator("form.new-batch button[type=submit]");
    }

    private void startBatch() {
        submit().click();
    }

    private UUID awaitBatchPage() {
        page.waitForURL(Pattern.compile(".*#/batches/[0-9a-f-]{36}$"), new Page.WaitForURLOptions().setTimeout(60_000));
        return UUID.fromString(page.url().substring(page.url().lastIndexOf('/') + 1));
    }

    /** PATCHes whose number (1-based) passes {@code hold} wait, unanswered, until the test resumes them. */
    private List<Route> holdPatches(Predicate<Integer> hold) {
        List<Route> held = new ArrayList<>();
        AtomicInteger patches = new AtomicInteger();
        page.route(UPLOADS, route -> {
            if ("PATCH".equals(route.request().method()) && hold.test(patches.incrementAndGet())) {
                held.add(route);
            } else {
                route.resume();
            }
        });
        return held;
    }

    /**
     * PATCHes whose number (1-based) passes {@code fail} lose their connection before reaching the
     * server, until the returned switch is turned off. The route stays installed: removing it while
     * a reloaded page's first requests are being routed could leave one of them unanswered.
     */
    private AtomicBoolean failPatches(Predicate<Integer> fail) {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger patches = new AtomicInteger();
        page.route(UPLOADS, route -> {
            if (failing.get() && "PATCH".equals(route.request().method()) && fail.test(patches.incrementAndGet())) {
                route.abort("connectionreset");
            } else {
                route.resume();
            }
        });
        return failing;
    }

    /** The Upload-Offset header of every PATCH the page sends from now on. */
    private List<String> patchOffsets() {
        List<String> offsets = Collections.synchronizedList(new ArrayList<>());
        page.onRequest((Request request) -> {
            if ("PATCH".equals(request.method())) {
                offsets.add(request.headers().get("upload-offset"));
            }
        });
        return offsets;
    }

    /** Upload ids the page keeps for a resume (localStorage). */
    private List<String> uploadEntries() {
        Object ids = page.evaluate("() => Object.keys(localStorage).filter((key) => key.startsWith('batchpulse.upload.'))"
                + ".map((key) => JSON.parse(localStorage.getItem(key)).uploadId)");
        List<String> result = new ArrayList<>();
        ((List<?>) ids).forEach(id -> result.add(String.valueOf(id)));
        return result;
    }

    /** A JSONL file of {@code lines} items under target/; the 1-based {@code bad} lines are not items. */
    private static Path jsonl(String name, int lines, Set<Integer> bad) {
        StringBuilder text = new StringBuilder();
        for (int line = 1; line <= lines; line++) {
            String symbol = SYMBOLS[line % SYMBOLS.length];
            if (bad.contains(line)) {
                text.append(switch (line % 3) {
                    case 0 -> "[1, 2, 3]";
                    case 1 -> "this line is not JSON";
                    default -> "{\"label\": \"cut short\", \"payload\": ";
                });
            } else {
                text.append("{\"label\":\"").append(symbol).append(" beta=").append((1 + line % 7) / 2.0).append(" #").append(line)
                        .append("\",\"payload\":{\"symbol\":\"").append(symbol).append("\",\"n\":").append(line).append("}}");
            }
            text.append('\n');
        }
        try {
            Path file = Files.createDirectories(Path.of("target", "ui-files")).resolve(name + ".jsonl");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As the page writes sizes: 876.7 KB, 1.4 MB (binary multiples, one decimal). */
    private static String humanSize(long bytes) {
        return bytes >= 1048576 ? String.format(Locale.US, "%.1f MB", bytes / 1048576.0)
                : String.format(Locale.US, "%.1f KB", bytes / 1024.0);
    }
}
