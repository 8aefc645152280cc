package io.batchpulse.worker.processor.http;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The answer of a team's endpoint, turned into an outcome: 2xx completes the item with the body
 * as its result; 429 and 5xx are worth another attempt; any other status is a permanent refusal.
 * A 429 or 503 with a usable Retry-After ({@code throttledUntil}) is not the item's failure: it
 * is retried at that time without spending an attempt.
 * Of an error's body only a short excerpt, flattened to one line, reaches the item's error: users
 * read it, and a body may say more about the endpoint's surroundings than its owner meant to.
 */
record HttpReply(int status, byte[] body, boolean truncated, Instant throttledUntil) {

    static final String HTTP_4XX = "HTTP_4XX";
    static final String HTTP_429 = "HTTP_429";
    static final String HTTP_5XX = "HTTP_5XX";
    static final String HTTP_UNEXPECTED_STATUS = "HTTP_UNEXPECTED_STATUS";
    static final String HTTP_REDIRECT = "HTTP_REDIRECT";
    static final String HTTP_RESPONSE_TOO_LARGE = "HTTP_RESPONSE_TOO_LARGE";

    /** Enough of an error body to see what went wrong, without flooding the event log. */
    static final int MAX_DETAIL_CHARS = 200;
    private static final String CUT = "...";

    ItemOutcome toOutcome(String label) {
        if (status >= 200 && status < 300) {
            if (truncated) {
                throw ItemProcessingException.permanent(HTTP_RESPONSE_TOO_LARGE,
                        "Response body larger than " + body.length + " bytes");
            }
            JsonNode result = parse();
            JsonNode score = result.get("score");
            JsonNode newLabel = result.get("label");
            return new ItemOutcome(result, score != null && score.isNumber() ? score.doubleValue() : null,
                    newLabel != null && newLabel.isString() ? newLabel.stringValue() : label);
        }
        String message = "HTTP " + status + " from the processor endpoint";
        if (status >= 300 && status < 400) {
            // Following it would let a vetted endpoint send the worker anywhere; the URL is the user's to fix.
            throw ItemProcessingException.permanent(HTTP_REDIRECT,
                    message + ": redirects are not followed; give config.url the final address");
        }
        if ((status == 429 || status == 503) && throttledUntil != null) {
            throw ItemProcessingException.throttled(status == 429 ? HTTP_429 : HTTP_5XX,
                    message + ", retry after " + throttledUntil, throttledUntil, bodyPreview());
        }
        if (status == 429) {
            throw ItemProcessingException.retryable(HTTP_429, message, bodyPreview());
        }
        if (status >= 500) {
            throw ItemProcessingException.retryable(HTTP_5XX, message, bodyPreview());
        }
        throw ItemProcessingException.permanent(status >= 400 ? HTTP_4XX : HTTP_UNEXPECTED_STATUS, message,
                bodyPreview());
    }

    /** A body that is not JSON is kept as text rather than failing an item the endpoint accepted. */
    private JsonNode parse() {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return EventJson.mapper().readTree(body);
        } catch (JacksonException e) {
            return JsonNodeFactory.instance.objectNode().put("body", new String(body, StandardCharsets.UTF_8));
        }
    }

    /** At most {@link #MAX_DETAIL_CHARS} characters, control and format characters as spaces. */
    private String bodyPreview() {
        String text = new String(body, StandardCharsets.UTF_8);
        StringBuilder excerpt = new StringBuilder(MAX_DETAIL_CHARS);
        boolean space = false;
        for (int i = 0; i < text.length() && excerpt.length() <= MAX_DETAIL_CHARS; i++) {
            char c = text.charAt(i);
            boolean blank = Character.isWhitespace(c) || Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT;
            if (!blank) {
                excerpt.append(c);
            } else if (!space && !excerpt.isEmpty()) {
                excerpt.append(' ');
            }
            space = blank;
        }
        String flat = excerpt.toString().strip();
        return flat.length() > MAX_DETAIL_CHARS || truncated
                ? flat.substring(0, Math.min(flat.length(), MAX_DETAIL_CHARS - CUT.length())) + CUT
                : flat;
    }
}
