package io.batchpulse.worker.processor.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * HTTP's Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. A value that is neither
 * is ignored (the answer is then an ordinary retryable failure); a date in the past means "now";
 * a wait longer than {@code max} is cut to it, so one endpoint cannot park a batch for days.
 */
final class RetryAfter {

    private RetryAfter() {
    }

    /** When the endpoint may be called again, or null when the header says nothing usable. */
    static Instant until(String header, Instant now, Duration max) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        Instant until;
        if (value.chars().allMatch(Character::isDigit)) {
            until = value.length() > 9 ? now.plus(max) : now.plusSeconds(Long.parseLong(value));
        } else {
            try {
                until = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeException e) {
                return null;
            }
        }
        Instant latest = now.plus(max);
        return until.isBefore(now) ? now : until.isAfter(latest) ? latest : until;
    }
}
