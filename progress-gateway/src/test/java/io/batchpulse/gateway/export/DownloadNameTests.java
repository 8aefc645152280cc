package io.batchpulse.gateway.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DownloadNameTests {

    private static final UUID ID = UUID.fromString("7f000000-0000-4000-8000-000000000001");

    @Test
    void aPlainNameIsKeptAndQuoted() {
        assertThat(DownloadName.contentDisposition("Sweep 42", ID, "csv"))
                .isEqualTo("attachment; filename=\"Sweep 42-results.csv\"");
    }

    @Test
    void pathSeparatorsQuotesAndControlCharactersBecomeUnderscores() {
        assertThat(DownloadName.contentDisposition("../a\\b \"c\";\r\nd", ID, "jsonl"))
                .isEqualTo("attachment; filename=\"a_b _c____d-results.jsonl\"");
    }

    @Test
    void aNameWithNothingUsableFallsBackToTheBatchId() {
        assertThat(DownloadName.contentDisposition(" /// ", ID, "csv"))
                .isEqualTo("attachment; filename=\"" + ID + "-results.csv\"");
        assertThat(DownloadName.contentDisposition(null, ID, "csv"))
                .isEqualTo("attachment; filename=\"" + ID + "-results.csv\"");
    }

    @Test
    void nonAsciiGetsAnAsciiFilenameAndAnRfc6266FilenameStar() {
        assertThat(DownloadName.contentDisposition("Prüfung 東京", ID, "csv")).isEqualTo("attachment; "
                + "filename=\"Prufung __-results.csv\"; filename*=UTF-8''Pr%C3%BCfung%20%E6%9D%B1%E4%BA%AC-results.csv");
    }

    @Test
    void aLongNameIsCut() {
        assertThat(DownloadName.contentDisposition("x".repeat(300), ID, "csv"))
                .isEqualTo("attachment; filename=\"" + "x".repeat(100) + "-results.csv\"");
    }
}
