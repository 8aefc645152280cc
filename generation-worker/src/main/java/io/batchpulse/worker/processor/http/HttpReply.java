package io.batchpulse.worker.processor.http;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessingException;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The answer of a team's endpoint, turned into an outcome: 2xx completes the item with the body
 * as its result; 429 and 5xx are worth another attempt; any other status is a permanent refusal.
 */
record HttpReply(int status, byte[] body, boolean truncated) {

    static final String HTTP_4XX = "HTTP_4XX";
    static final String HTTP_429 = "HTTP_429";
    static final String HTTP_5XX = "HTTP_5XX";
    static final String HTTP_UNEXPECTED_STATUS = "HTTP_UNEXPECTED_STATUS";
    static final String HTTP_RESPONSE_TOO_LARGE = "HTTP_RESPONSE_TOO_LARGE";

    /** Enough of an error body to see what went wrong, without flooding the event log. */
    static final int MAX_DETAIL_CHARS = 500;

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

    private String bodyPreview() {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > MAX_DETAIL_CHARS || truncated
                ? text.substring(0, Math.min(text.length(), MAX_DETAIL_CHARS)) + "..."
                : text;
    }
}
