package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A frame's bytes are what Spring's SseEmitter wrote for the same event, so clients see no change. */
class FrameTests {

    @Test
    void aFeedEventCarriesItsOffsetAsIdAndTheFirstEventTheRetryLine() {
        Frame frame = new Frame(SseEvents.ITEM_COMPLETED, 1234, "{\"index\":5,\"label\":\"NVDA ✓\"}", true);

        assertThat(written(frame, frame.idLine(), Frame.NOTHING)).isEqualTo(emitter(SseEmitter.event()
                .name(SseEvents.ITEM_COMPLETED).id("1234").data(frame.data(), MediaType.APPLICATION_JSON)));
        assertThat(written(frame, frame.idLine(), "retry:3000\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(emitter(SseEmitter.event().name(SseEvents.ITEM_COMPLETED).id("1234").reconnectTime(3000)
                        .data(frame.data(), MediaType.APPLICATION_JSON)));
    }

    @Test
    void aStreamPositionIdAndAnEventWithoutIdAreFramedAsBefore() {
        Frame progress = new Frame(SseEvents.PROGRESS, Frame.NO_OFFSET, "{\"version\":3}", false);
        assertThat(progress.idLine()).isEmpty();
        assertThat(written(progress, Frame.idLine("987"), Frame.NOTHING)).isEqualTo(emitter(SseEmitter.event()
                .name(SseEvents.PROGRESS).id("987").data(progress.data(), MediaType.APPLICATION_JSON)));
        assertThat(written(SseEvents.HEARTBEAT_FRAME, Frame.NOTHING, Frame.NOTHING)).isEqualTo(emitter(
                SseEmitter.event().name(SseEvents.HEARTBEAT).data("{}", MediaType.APPLICATION_JSON)));
    }

    @Test
    void everyLineOfMultiLineDataIsADataLine() {
        Frame frame = new Frame(SseEvents.ERROR, Frame.NO_OFFSET, "{\n\"code\":\"X\"\n}", false);

        assertThat(written(frame, Frame.NOTHING, Frame.NOTHING))
                .isEqualTo("event:error\ndata:{\ndata:\"code\":\"X\"\ndata:}\n\n")
                .isEqualTo(emitter(SseEmitter.event().name(SseEvents.ERROR).data(frame.data(),
                        MediaType.APPLICATION_JSON)));
    }

    @Test
    void aStateOnlyRecordHasNothingToWrite() {
        Frame frame = Frame.stateOnly(77);

        assertThat(frame.visible()).isFalse();
        assertThat(written(frame, frame.idLine(), Frame.NOTHING)).isEmpty();
    }

    private static String written(Frame frame, byte[] id, byte[] retry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(frame.head());
        out.writeBytes(id);
        out.writeBytes(retry);
        out.writeBytes(frame.body());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String emitter(SseEmitter.SseEventBuilder event) {
        return event.build().stream().map(part -> String.valueOf(part.getData())).collect(Collectors.joining());
    }
}
