package io.batchpulse.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.json.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import tools.jackson.databind.node.ObjectNode;

/** The resumable upload protocol as a test client speaks it. */
public final class UploadClient {

    public static final String OCTETS = "application/offset+octet-stream";

    private final Api api;
    private final int port;
    private final String token;

    public UploadClient(Api api, int port, String token) {
        this.api = api;
        this.port = port;
        this.token = token;
    }

    public Api.Response declare(String fileName, long size, String format, String sha256) {
        ObjectNode body = EventJson.mapper().createObjectNode().put("fileName", fileName).put("size", size)
                .put("format", format).put("sha256", sha256);
        return api.post("/api/v1/uploads", token, EventJson.mapper().writeValueAsString(body));
    }

    /** Declares the file and answers its upload id. */
    public String declare(String fileName, byte[] file, String format) {
        Api.Response answer = declare(fileName, file.length, format, sha256(file));
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        return answer.json().path("data").path("id").asString();
    }

    public Api.Response patch(String id, long offset, byte[] chunk) {
        return api.patch(path(id), token, chunk, "Content-Type", OCTETS, "Upload-Offset", Long.toString(offset));
    }

    /** Sends the file in chunks of {@code chunkBytes}, each acknowledged with the new offset. */
    public void send(String id, byte[] file, int chunkBytes) {
        send(id, file, 0, chunkBytes);
    }

    /** Sends the file from {@code from} on (what the server is missing) in chunks of {@code chunkBytes}. */
    public void send(String id, byte[] file, int from, int chunkBytes) {
        for (int offset = from; offset < file.length; offset += chunkBytes) {
            byte[] chunk = Arrays.copyOfRange(file, offset, Math.min(file.length, offset + chunkBytes));
            Api.Response answer = patch(id, offset, chunk);
            assertThat(answer.status()).as(answer.text()).isEqualTo(204);
            assertThat(answer.headers().firstValue("Upload-Offset")).hasValue(Long.toString(offset + chunk.length));
        }
    }

    public long offset(String id) {
        Api.Response head = api.head(path(id), token);
        assertThat(head.status()).isEqualTo(200);
        return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    public Api.Response get(String id) {
        return api.get(path(id), token);
    }

    public Api.Response createBatch(String id, String body) {
        return api.post(path(id) + "/batch", token, body);
    }

    /**
     * A PATCH whose connection is cut: the headers declare the whole chunk, only {@code sent} bytes
     * of it follow, then the socket closes.
     */
    public void patchAndCut(String id, long offset, byte[] chunk, int sent) {
        try (Socket socket = new Socket()) {
            patchPartly(socket, id, offset, chunk, sent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PATCH whose sender stops: the headers declare the whole chunk, {@code sent} bytes of it
     * follow, then nothing, with the socket left open until the server closes it.
     *
     * @return what the server wrote before it closed the connection
     * @throws UncheckedIOException if the server has not closed it within {@code closeWithin}
     */
    public String patchAndStop(String id, long offset, byte[] chunk, int sent, Duration closeWithin) {
        try (Socket socket = new Socket()) {
            patchPartly(socket, id, offset, chunk, sent);
            socket.setSoTimeout((int) closeWithin.toMillis());
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (SocketException reset) {
                // closed with unread bytes of ours still in its buffer: a reset is a close too
            }
            return answer.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PATCH whose sender trickles: the headers declare the whole chunk, then one byte of it
     * follows per {@code every} (never long enough for the read timeout) until the server answers.
     *
     * @return the server's answer, as it wrote it before closing the connection
     */
    public String patchTrickling(String id, long offset, byte[] chunk, Duration every) {
        try (Socket socket = new Socket()) {
            patchPartly(socket, id, offset, chunk, 0);
            socket.setSoTimeout((int) every.toMillis());
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            for (int next = 0; next < chunk.length && answer.size() == 0; next++) {
                if (answered(in, answer)) {
                    break;
                }
                socket.getOutputStream().write(chunk[next]);
                socket.getOutputStream().flush();
            }
            socket.setSoTimeout(30_000);
            try {
                in.transferTo(answer);
            } catch (SocketException reset) {
                // closed with unread bytes of ours still in its buffer: what it wrote before is kept
            }
            return answer.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits the socket's timeout for the server's first byte: the pause between two bytes sent. */
    private static boolean answered(InputStream in, ByteArrayOutputStream answer) throws IOException {
        try {
            int first = in.read();
            if (first >= 0) {
                answer.write(first);
            }
            return true;
        } catch (SocketTimeoutException silent) {
            return false;
        }
    }

    private void patchPartly(Socket socket, String id, long offset, byte[] chunk, int sent) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(("PATCH " + path(id) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: " + OCTETS + "\r\nUpload-Offset: " + offset + "\r\nTus-Resumable: 1.0.0"
                + "\r\nContent-Length: " + chunk.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk, 0, sent);
        out.flush();
    }

    public static String path(String id) {
        return "/api/v1/uploads/" + id;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSONL file of {@code count} items, item i labelled "item i" with payload {"n": i, "pad": ...}. */
    public static byte[] jsonl(int count, int padding) {
        StringBuilder file = new StringBuilder();
        String pad = "p".repeat(padding);
        for (int i = 0; i < count; i++) {
            file.append("{\"label\":\"item ").append(i).append("\",\"payload\":{\"n\":").append(i)
                    .append(",\"pad\":\"").append(pad).append("\"}}\n");
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }
}
