package io.batchpulse.gateway.export;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.UUID;
import org.springframework.web.util.UriUtils;

/**
 * The {@code Content-Disposition} of a results download: {@code <batch name>-results.<ext>}, or the
 * batch id when the name leaves nothing usable. The name is a user's text, so whatever a file
 * system or the header itself could trip over (path separators, quotes, control characters,
 * reserved punctuation) becomes {@code _}. A name with non-ASCII letters also gets RFC 6266's
 * {@code filename*} (UTF-8, percent-encoded), with an ASCII {@code filename} for older clients.
 */
final class DownloadName {

    private static final int MAX_NAME_LENGTH = 100;

    private DownloadName() {
    }

    static String contentDisposition(String batchName, UUID batchId, String extension) {
        String name = safe(batchName);
        if (name.isEmpty()) {
            name = batchId.toString();
        }
        String file = name + "-results." + extension;
        String ascii = Normalizer.normalize(file, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replaceAll("[^\\x20-\\x7E]", "_");
        String header = "attachment; filename=\"" + ascii + "\"";
        return ascii.equals(file) ? header
                : header + "; filename*=UTF-8''" + UriUtils.encode(file, StandardCharsets.UTF_8);
    }

    private static String safe(String name) {
        if (name == null) {
            return "";
        }
        String cleaned = name.replaceAll("[\\p{Cntrl}\\\\/:*?\"<>|;%]", "_").replaceAll("\\s+", " ").strip();
        cleaned = cleaned.replaceAll("^[.\\s_]+", "");
        return cleaned.length() > MAX_NAME_LENGTH ? cleaned.substring(0, MAX_NAME_LENGTH).strip() : cleaned;
    }
}
