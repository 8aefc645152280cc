package io.batchpulse.gateway.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.gateway.support.UploadClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The resumable upload protocol (tus 1.0 core semantics) on the real gateway; files land in {@link #UPLOADS}. */
class UploadIntegrationTests extends GatewayIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aDeclaredUploadAnswers201WithItsLocationAndOffsetZero() {
        UploadClient alice = client("alice");

        Api.Response answer = alice.declare("items.jsonl", 1_000, "jsonl", null);

        assertThat(answer.status()).isEqualTo(201);
        JsonNode upload = answer.json().path("data");
        String id = upload.path("id").asString();
        assertThat(answer.headers().firstValue("Location")).hasValue("/api/v1/uploads/" + id);
        assertThat(answer.headers().firstValue("Upload-Offset")).hasValue("0");
        assertThat(answer.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
        assertThat(upload.path("fileName").asString()).isEqualTo("items.jsonl");
        assertThat(upload.path("format").asString()).isEqualTo("jsonl");
        assertThat(upload.path("size").asLong()).isEqualTo(1_000);
        assertThat(upload.path("offset").asLong()).isZero();
        assertThat(upload.path("chunks").asInt()).isZero();
        assertThat(upload.path("maxChunkSize").asLong()).isEqualTo(MAX_CHUNK_BYTES);
        assertThat(upload.path("state").asString()).isEqualTo("uploading");
        assertThat(upload.path("expiresAt").asString()).isNotBlank();
        assertThat(Files.isDirectory(UPLOADS.resolve(id))).isTrue();
    }

    @Test
    void aBadDeclarationIsRefusedAndAFileOverTheSizeLimitIs413() {
        UploadClient alice = client("alice");

        Api.Response badFormat = alice.declare("items.xlsx", 1_000, "xlsx", null);
        Api.Response missing = api.post("/api/v1/uploads", Tokens.user("alice"), "{\"format\":\"csv\"}");
        Api.Response tooLarge = alice.declare("huge.jsonl", MAX_FILE_BYTES + 1L, "jsonl", null);

        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(details(badFormat)).containsExactly("format: must be jsonl or csv");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(details(missing)).containsExactly("fileName: must not be blank", "size: must not be null");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void chunksLargerThanTheJsonBodyLimitAreStreamedToDiskAndHeadTellsTheOffset() throws Exception {
        UploadClient alice = client("alice");
        byte[] file = UploadClient.jsonl(4_000, 700);
        String id = alice.declare("items.jsonl", file, "jsonl");

        alice.send(id, file, 2 * 1024 * 1024);

        Api.Response head = api.head(UploadClient.path(id), Tokens.user("alice"));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().firstValue("Upload-Offset")).hasValue(Long.toString(file.length));
        assertThat(head.headers().firstValue("Upload-Length")).hasValue(Long.toString(file.length));
        assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(head.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
        JsonNode upload = alice.get(id).json().path("data");
        assertThat(upload.path("state").asString()).isEqualTo("complete");
        assertThat(upload.path("chunks").asInt()).isEqualTo(2);
        assertThat(Files.readAllBytes(UPLOADS.resolve(id).resolve("data"))).isEqualTo(file);
    }

    @Test
    void aChunkAtTheWrongOffsetIs409WithTheServersOffset() {
        UploadClient alice = client("alice");
        byte[] file = UploadClient.jsonl(100, 10);
        String id = alice.declare("items.jsonl", file, "jsonl");
        alice.send(id, Arrays.copyOf(file, 1_000), 1_000);

        Api.Response behind = alice.patch(id, 500, Arrays.copyOfRange(file, 500, 900));
        Api.Response ahead = api.patch(UploadClient.path(id), Tokens.user("alice"), Arrays.copyOfRange(file, 2_000, 2_100),
                "Content-Type", UploadClient.OCTETS, "Content-Range", "bytes 2000-2099/" + file.length);

        for (Api.Response answer : List.of(behind, ahead)) {
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.errorCode()).isEqualTo("OFFSET_MISMATCH");
            assertThat(answer.headers().firstValue("Upload-Offset")).hasValue("1000");
            assertThat(details(answer)).containsExactly("offset: the server has 1000 bytes");
        }
        assertThat(alice.offset(id)).isEqualTo(1_000);
    }

    @Test
    void aConnectionCutMidChunkKeepsWhatArrivedAndTheUploadResumesFromThere() throws Exception {
        UploadClient alice = client("alice");
        byte[] file = UploadClient.jsonl(3_000, 200);
        String id = alice.declare("items.jsonl", file, "jsonl");
        int firstChunk = 300_000;
        alice.send(id, Arrays.copyOf(file, firstChunk), firstChunk);

        int half = (file.length - firstChunk) / 2;
        alice.patchAndCut(id, firstChunk, Arrays.copyOfRange(file, firstChunk, file.length), half);

        Awaitility.await().atMost(WAIT).until(() -> alice.offset(id) == firstChunk + half);
        alice.send(id, file, (int) alice.offset(id), file.length);
        assertThat(alice.offset(id)).isEqualTo(file.length);
        assertThat(Files.readAllBytes(UPLOADS.resolve(id).resolve("data"))).isEqualTo(file);
        assertThat(alice.get(id).json().path("data").path("state").asString()).isEqualTo("complete");
    }

    /**
     * RELIABILITY.md, bad inputs at the HTTP edge: a sender that stops mid-chunk (or trickles
     * slower than a byte per read-timeout) holds its request thread only until
     * gateway.uploads.read-timeout (3 s here), not the server's 60 s idle timeout; what arrived is
     * kept and the upload resumes from there.
     */
    @Test
    void aSenderThatStopsMidChunkIsCutAfterTheReadTimeoutAndTheUploadResumesFromWhatArrived() throws Exception {
        UploadClient alice = client("alice");
        byte[] file = UploadClient.jsonl(500, 20);
        String id = alice.declare("items.jsonl", file, "jsonl");
        int sent = 1_000;

        // far longer than the read timeout, far shorter than the server's connection-idle-timeout (60 s)
        alice.patchAndStop(id, 0, file, sent, Duration.ofSeconds(40));

        Awaitility.await().atMost(WAIT).until(() -> alice.offset(id) == sent);
        alice.send(id, file, sent, file.length);
        assertThat(alice.offset(id)).isEqualTo(file.length);
        assertThat(Files.readAllBytes(UPLOADS.resolve(id).resolve("data"))).isEqualTo(file);
    }

    /**
     * RELIABILITY.md, bad inputs at the HTTP edge: a sender that trickles a byte at a time, never
     * silent for the read timeout, is answered 408 once its chunk passes
     * gateway.uploads.chunk-deadline (6 s here); nothing of that chunk is kept, so the same chunk
     * can be sent again from the offset the upload had.
     */
    @Test
    void aTricklingSenderIsAnswered408AfterTheChunkDeadlineWithWhatArrivedKeptAndTheRestCanFollow() throws Exception {
        UploadClient alice = client("alice");
        byte[] file = UploadClient.jsonl(500, 20);
        String id = alice.declare("items.jsonl", file, "jsonl");
        int first = 1_000;
        alice.send(id, Arrays.copyOf(file, first), first);
        // 400 ms between bytes, well under the 3 s read timeout: without a deadline these 60 bytes
        // would take 24 s and be answered 204
        byte[] trickled = Arrays.copyOfRange(file, first, first + 60);

        String answer = alice.patchTrickling(id, first, trickled, Duration.ofMillis(400));

        long kept = alice.offset(id);
        assertThat(kept).as("the trickled bytes that arrived before the deadline").isBetween(first + 1L, first + 59L);
        assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Upload-Offset: " + kept)
                .contains("\"data\":null").contains("\"code\":\"CHUNK_TOO_SLOW\"");
        alice.send(id, file, (int) kept, file.length);
        assertThat(alice.offset(id)).isEqualTo(file.length);
        assertThat(Files.readAllBytes(UPLOADS.resolve(id).resolve("data"))).isEqualTo(file);
    }

    @Test
    void chunksOverTheChunkLimitOrPastTheDeclaredSizeAre413AndChangeNothing() {
        UploadClient alice = client("alice");
        byte[] big = new byte[MAX_CHUNK_BYTES + 1];
        Arrays.fill(big, (byte) 'x');
        String id = alice.declare("items.jsonl", MAX_FILE_BYTES, "jsonl", null).json().path("data").path("id")
                .asString();
        String small = alice.declare("small.jsonl", 10, "jsonl", null).json().path("data").path("id").asString();

        Api.Response overChunk = alice.patch(id, 0, big);
        Api.Response pastSize = alice.patch(small, 0, new byte[11]);

        for (Api.Response answer : List.of(overChunk, pastSize)) {
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        }
        assertThat(alice.offset(id)).isZero();
        assertThat(alice.offset(small)).isZero();
    }

    @Test
    void anotherUsersUploadDoesNotExistForThem() {
        UploadClient alice = client("alice");
        String id = alice.declare("items.jsonl", UploadClient.jsonl(3, 1), "jsonl");
        String mallory = Tokens.user("mallory");
        String path = UploadClient.path(id);

        List<Api.Response> answers = List.of(api.get(path, mallory), api.head(path, mallory),
                api.patch(path, mallory, new byte[3], "Content-Type", UploadClient.OCTETS, "Upload-Offset", "0"),
                api.delete(path, mallory), api.post(path + "/batch", mallory, "{\"processor\":\"simulated\"}"));

        assertThat(answers).extracting(Api.Response::status).containsOnly(404);
        assertThat(answers.get(0).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(alice.offset(id)).isZero();
        assertThat(api.get(path, null).status()).isEqualTo(401);
    }

    @Test
    void aDeletedUploadIsGoneFromDiskAndAnswers404() {
        UploadClient alice = client("alice");
        String id = alice.declare("items.jsonl", UploadClient.jsonl(3, 1), "jsonl");

        Api.Response deleted = api.delete(UploadClient.path(id), Tokens.user("alice"));

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(Files.exists(UPLOADS.resolve(id))).isFalse();
        assertThat(alice.get(id).status()).isEqualTo(404);
    }

    @Test
    void anExpiredUploadAnswers404AndItsFilesAreGone() {
        UploadClient alice = client("alice");
        byte[] file = UploadClient.jsonl(100, 10);
        String id = alice.declare("items.jsonl", file, "jsonl");
        alice.send(id, Arrays.copyOf(file, 500), 500);
        Path directory = UPLOADS.resolve(id);
        assertThat(directory.resolve("data")).hasSize(500);

        Awaitility.await().atMost(UPLOAD_EXPIRY.plus(WAIT)).until(() -> !Files.exists(directory));

        assertThat(alice.get(id).status()).isEqualTo(404);
        assertThat(alice.patch(id, 500, Arrays.copyOfRange(file, 500, 600)).status()).isEqualTo(404);
    }

    private UploadClient client(String user) {
        return new UploadClient(api, port, Tokens.user(user));
    }

    static List<String> details(Api.Response answer) {
        return answer.json().path("error").path("details").valueStream().map(JsonNode::asString).toList();
    }
}
