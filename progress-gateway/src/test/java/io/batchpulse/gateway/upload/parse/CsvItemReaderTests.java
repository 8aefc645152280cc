package io.batchpulse.gateway.upload.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvItemReaderTests {

    private static final int LIMIT = 256;

    @Test
    void quotedCommasEmbeddedNewlinesAndAByteOrderMarkParseIntoLabelAndPayload() {
        byte[] file = Lines.withBom("symbol,label,note\r\n"
                + "NVDA,\"Nvidia, Inc.\",\"beta 2.1, coeff 1.5\"\r\n"
                + "TSLA,Tesla,\"first line\r\n"
                + "second line, with \"\"quotes\"\"\"\r\n"
                + "AMD,,plain\r\n");

        List<ParsedLine> lines = Lines.read(ItemFormat.CSV, file, LIMIT);

        assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 3L, 5L);
        assertThat(lines).allMatch(ParsedLine::valid);
        assertThat(lines.get(0).item().label()).isEqualTo("Nvidia, Inc.");
        assertThat(lines.get(0).item().payload().toString())
                .isEqualTo("{\"symbol\":\"NVDA\",\"note\":\"beta 2.1, coeff 1.5\"}");
        assertThat(lines.get(1).item().payload().path("note").asString())
                .isEqualTo("first line\r\nsecond line, with \"quotes\"");
        assertThat(lines.get(2).item().label()).as("an empty label cell is no label").isNull();
    }

    @Test
    void withoutALabelColumnEveryColumnIsPayloadAndValuesStayStrings() {
        List<ParsedLine> lines = Lines.read(ItemFormat.CSV, "zip,amount\n007,1e3\n", LIMIT);

        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.item().label()).isNull();
            assertThat(line.item().payload().toString()).isEqualTo("{\"zip\":\"007\",\"amount\":\"1e3\"}");
        });
    }

    @Test
    void badRecordsAreReportedAtTheLineWhereTheyStartAndReadingGoesOn() {
        String file = String.join("\n",
                "label,a,b",
                "one,1,2",
                "two,1",
                "three,\"multi",
                "line\",3,4",
                "\"four\"x,1,2",
                "" + "x".repeat(501) + ",1,2",
                "",
                "five,1,2",
                "six,\"never closed,1");

        List<ParsedLine> lines = Lines.read(ItemFormat.CSV, file, LIMIT * 4);

        assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 3L, 4L, 6L, 7L, 9L, 10L);
        assertThat(lines.get(1).problem()).isEqualTo("has 2 fields; the header row has 3");
        assertThat(lines.get(2).problem()).isEqualTo("has 4 fields; the header row has 3");
        assertThat(lines.get(3).problem()).startsWith("not valid CSV: ");
        assertThat(lines.get(4).problem()).isEqualTo("label: size must be between 0 and 500");
        assertThat(lines.get(5).valid()).isTrue();
        assertThat(lines.get(6).problem()).isEqualTo("a quoted field is not closed");
    }

    @Test
    void aRecordOverTheLimitIsABadLineEvenWhenItSpansLines() {
        String file = "label,text\n"
                + "a,\"" + "x".repeat(200) + "\n" + "y".repeat(100) + "\"\n"
                + "b," + "z".repeat(300) + "\n"
                + "c,short\n";

        List<ParsedLine> lines = Lines.read(ItemFormat.CSV, file, LIMIT);

        assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 4L, 5L);
        assertThat(lines.get(0).problem()).isEqualTo("longer than 256 bytes");
        assertThat(lines.get(1).problem()).isEqualTo("longer than 256 bytes");
        assertThat(lines.get(2).item().label()).isEqualTo("c");
    }

    @Test
    void aFileWithoutAUsableHeaderRowCannotBeRead() {
        assertThatThrownBy(() -> Lines.read(ItemFormat.CSV, "", LIMIT))
                .isInstanceOf(FileFormatException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Lines.read(ItemFormat.CSV, "\n\na,b,a\n1,2,3\n", LIMIT))
                .isInstanceOfSatisfying(FileFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).isEqualTo("the header row names 'a' twice");
                });
        assertThatThrownBy(() -> Lines.read(ItemFormat.CSV, "a,,b\n", LIMIT))
                .isInstanceOf(FileFormatException.class).hasMessage("column 2 of the header row has no name");
    }
}
