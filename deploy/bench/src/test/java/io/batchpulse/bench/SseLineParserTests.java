package io.batchpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseLineParserTests {

    private final List<SseEvent> events = new ArrayList<>();
    private final SseLineParser parser = new SseLineParser(events::add);

    private void feed(String... lines) {
        for (String line : lines) {
            parser.line(line);
        }
    }

    @Test
    void anEventEndsAtABlankLineWithItsNameDataAndId() {
        feed("retry: 3000", "id: 42", "event: item.completed", "data: {\"a\":1}", "");

        assertThat(events).containsExactly(new SseEvent("item.completed", "{\"a\":1}", "42"));
    }

    @Test
    void dataLinesAreJoinedAndCommentsIgnored() {
        feed(": keep-alive", "data:first", "data: second", "");

        assertThat(events).containsExactly(new SseEvent("message", "first\nsecond", null));
    }

    @Test
    void fieldsWithoutDataDispatchNothingAndDoNotLeakIntoTheNextEvent() {
        feed("event: heartbeat", "", "data: x", "");

        assertThat(events).containsExactly(new SseEvent("message", "x", null));
    }
}
