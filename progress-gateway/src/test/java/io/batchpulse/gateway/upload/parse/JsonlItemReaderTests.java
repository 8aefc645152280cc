package io.batchpulse.gateway.upload.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.NewItem;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlItemReaderTests {

    private static final int LIMIT = 1024;

    @Test
    void eachLineIsAnItemNumberedFromOneAndBlankLinesAreSkipped() {
        String file = """
                {"label":"NVDA","payload":{"symbol":"NVDA","beta":2.1}}

                {"payload":[1,2,3]}
                \t
                {"label":null,"payload":"text"}
                """;

        List<ParsedLine> lines = Lines.read(ItemFormat.JSONL, file, LIMIT);

        assertThat(lines).extracting(ParsedLine::line).containsExactly(1L, 3L, 5L);
        assertThat(lines).allMatch(ParsedLine::valid);
        assertThat(lines.get(0).item()).isEqualTo(new NewItem("NVDA",
                EventJson.mapper().createObjectNode().put("symbol", "NVDA").put("beta", 2.1)));
        assertThat(lines.get(1).item().label()).isNull();
        assertThat(lines.get(1).item().payload().isArray()).isTrue();
        assertThat(lines.get(2).item().payload().asString()).isEqualTo("text");
    }

    @Test
    void badLinesAreReportedWithTheirNumbersAndReadingGoesOn() {
        String file = String.join("\n",
                "{\"payload\":{}}",
                "{\"label\":\"no payload\"}",
                "not json",
                "[1,2]",
                "{\"payload\":{}} trailing",
                "{\"label\":\"" + "x".repeat(501) + "\",\"payload\":{}}",
                "{\"payload\":{\"open\":",
                "{\"label\":{\"nested\":true},\"payload\":{}}",
                "{\"payload\":7}");

        List<ParsedLine> lines = Lines.read(ItemFormat.JSONL, file, LIMIT);

        assertThat(lines).extracting(ParsedLine::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(lines).extracting(ParsedLine::valid)
                .containsExactly(true, false, false, false, false, false, false, false, true);
        assertThat(lines.get(1).problem()).isEqualTo("payload: must not be null");
        assertThat(lines.get(2).problem()).isEqualTo("must be a JSON object with a payload and an optional label");
        assertThat(lines.get(3).problem()).isEqualTo("must be a JSON object with a payload and an optional label");
        assertThat(lines.get(4).problem()).startsWith("not valid JSON: ");
        assertThat(lines.get(5).problem()).isEqualTo("label: size must be between 0 and 500");
        assertThat(lines.get(6).problem()).startsWith("not valid JSON: ");
        assertThat(lines.get(7).problem()).startsWith("label: ");
    }

    @Test
    void aLineOverTheLimitIsABadLineAndTheNextLineIsReadWhole() {
        String longLine = "{\"payload\":\"" + "y".repeat(LIMIT) + "\"}";
        String exact = "{\"payload\":\"" + "z".repeat(LIMIT - 14) + "\"}";
        assertThat(exact).hasSize(LIMIT);
        String file = "{\"payload\":1}\n" + longLine + "\r\n" + exact + "\r\n{\"payload\":2}";

        List<ParsedLine> lines = Lines.read(ItemFormat.JSONL, file, LIMIT);

        assertThat(lines).extracting(ParsedLine::line).containsExactly(1L, 2L, 3L, 4L);
        assertThat(lines.get(1).problem()).isEqualTo("longer than 1024 bytes");
        assertThat(lines.get(2).valid()).as("a line of exactly the limit, CRLF not counted").isTrue();
        assertThat(lines.get(3).item().payload().asInt()).isEqualTo(2);
    }

    @Test
    void aByteOrderMarkIsSkippedAndInvalidUtf8IsABadLine() {
        byte[] file = Lines.withBom("{\"label\":\"é\",\"payload\":{}}\n{\"payload\":\"xxbad\"}\n");
        // "xx" becomes a malformed two-byte sequence
        file[file.length - 8] = (byte) 0xC3;
        file[file.length - 7] = (byte) 0x28;

        List<ParsedLine> lines = Lines.read(ItemFormat.JSONL, file, LIMIT);

        assertThat(lines.get(0).item().label()).isEqualTo("é");
        assertThat(lines.get(1).valid()).isFalse();
        assertThat(lines.get(1).problem()).startsWith("not valid JSON: ");
    }

    @Test
    void readsAFileMuchLargerThanItsBuffersOneLineAtATime() {
        int count = 50_000;
        InputStream generated = new InputStream() {
            private final byte[] line = "{\"label\":\"item\",\"payload\":{\"n\":12345}}\n".getBytes(StandardCharsets.UTF_8);
            private long position;

            @Override
            public int read() {
                if (position >= (long) line.length * count) {
                    return -1;
                }
                return line[(int) (position++ % line.length)];
            }
        };

        long good = 0;
        try (ItemReader reader = ItemFormat.JSONL.open(generated, LIMIT, item -> null)) {
            while (reader.hasNext()) {
                good += reader.next().valid() ? 1 : 0;
            }
        }

        assertThat(good).isEqualTo(count);
    }

    @Test
    void goodItemsSkipTheBadLines() {
        String file = "{\"payload\":1}\nbad\n{\"payload\":2}\n";
        try (ItemReader reader = ItemFormat.JSONL.open(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)),
                LIMIT, item -> null)) {
            List<Integer> payloads = new ArrayList<>();
            reader.goodItems().forEachRemaining(item -> payloads.add(item.payload().asInt()));
            assertThat(payloads).containsExactly(1, 2);
        }
    }
}
