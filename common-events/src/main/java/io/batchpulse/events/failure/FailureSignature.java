package io.batchpulse.events.failure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of an error message that stays the same across the items one cause fails: what
 * varies per item (numbers, UUIDs and hex ids, quoted values, the path and query of a URL) is
 * masked, whitespace is collapsed and the result is cut to a bounded length. The orchestrator
 * (which stores each failed item's group) and the gateway's progress topology (which counts the
 * groups live) both call this, so they agree on every group.
 */
public final class FailureSignature {

    /** Longest signature kept; a longer message is cut here, so two messages alike up to it share a group. */
    public static final int MAX_LENGTH = 200;

    static final String NUMBER_MASK = "…";
    static final String ID_MASK = "<id>";
    static final String QUOTED_MASK = "'…'";

    // scheme://host[:port] stays (it tells which upstream failed); path and query are per item
    private static final Pattern URL = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s\"'`<>?#]+)([^\\s\"'`<>]*)");
    // a quote opens only where no word character precedes it, so the apostrophe of "can't" opens nothing
    private static final Pattern QUOTED = Pattern.compile("(?<!\\w)(?:\"[^\"\\n]*\"|'[^'\\n]*'|`[^`\\n]*`)(?!\\w)");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    // 0x-prefixed, or eight or more hex digits with at least one digit (a word like "deadbeef" is left alone)
    private static final Pattern HEX_ID = Pattern.compile("\\b(?:0[xX][0-9a-fA-F]+|(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,})\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern PATH_VALUE = Pattern.compile("[^/]*\\d[^/]*");

    private FailureSignature() {
    }

    /** The signature of a message; "" for none. */
    public static String of(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String masked = maskUrls(message);
        masked = QUOTED.matcher(masked).replaceAll(QUOTED_MASK);
        masked = UUID_TEXT.matcher(masked).replaceAll(ID_MASK);
        masked = HEX_ID.matcher(masked).replaceAll(ID_MASK);
        masked = NUMBER.matcher(masked).replaceAll(NUMBER_MASK);
        masked = WHITESPACE.matcher(masked).replaceAll(" ").strip();
        return cut(masked);
    }

    /** Keeps scheme, host and the path segments without digits; masks the other segments and drops the query. */
    private static String maskUrls(String message) {
        Matcher url = URL.matcher(message);
        StringBuilder out = new StringBuilder();
        while (url.find()) {
            url.appendReplacement(out, Matcher.quoteReplacement(url.group(1) + maskPath(url.group(2))));
        }
        url.appendTail(out);
        return out.toString();
    }

    private static String maskPath(String rest) {
        int query = indexOfAny(rest, '?', '#');
        String path = query < 0 ? rest : rest.substring(0, query);
        String maskedPath = PATH_VALUE.matcher(path).replaceAll(NUMBER_MASK);
        return query < 0 ? maskedPath : maskedPath + "?…";
    }

    private static int indexOfAny(String text, char first, char second) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    private static String cut(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_LENGTH) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_LENGTH - 1)) + "…";
    }
}
