package io.batchpulse.gateway.stream;

/**
 * A stream's SSE id, which a client sends back as Last-Event-ID: the batch-events offset up to which
 * it has every event of its batch, and, inside a crowded batch's sampled feed, how many item events
 * before it were left out without the client having been told yet ({@code offset:count}).
 *
 * @param offset the position to resume after
 * @param untold left-out item events before it not yet told of (0: none)
 */
record ResumeId(long offset, long untold) {

    static String of(long offset, long untold) {
        return untold > 0 ? offset + ":" + untold : String.valueOf(offset);
    }

    /** An id this gateway wrote; null for anything else (the stream then starts fresh). */
    static ResumeId parse(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String[] parts = id.trim().split(":", -1);
        try {
            long offset = Long.parseLong(parts[0]);
            long untold = parts.length == 2 ? Long.parseLong(parts[1]) : 0;
            return parts.length <= 2 && offset >= -1 && untold >= 0 ? new ResumeId(offset, untold) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
