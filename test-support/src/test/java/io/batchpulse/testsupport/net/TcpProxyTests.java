package io.batchpulse.testsupport.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's modes on plain sockets, against an echo server of the test's own. */
class TcpProxyTests {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    /** Bytes the echo server has read: what reached the target. */
    private final AtomicLong received = new AtomicLong();
    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void startEchoServerBehindAProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::echoEveryConnection, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = TcpProxy.start("echo", "127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBytesBothWays() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
            assertThat(roundTrip(socket, "again")).isEqualTo("again");
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void aCutClosesOpenConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");
            proxy.cut();
            assertThat(open.getInputStream().read()).as("the open connection ends").isEqualTo(-1);
            await().atMost(AWAIT).until(() -> proxy.openConnections() == 0);
        }
        try (Socket during = connect()) {
            assertThatThrownBy(() -> {
                during.getOutputStream().write("x".getBytes(StandardCharsets.UTF_8));
                if (during.getInputStream().read() != -1) {
                    throw new AssertionError("a byte came through a cut link");
                }
                throw new IOException("closed");
            }).as("a connection made during the cut gets nothing through").isInstanceOf(IOException.class);
        }
        proxy.heal();
        try (Socket after = connect()) {
            assertThat(roundTrip(after, "after")).isEqualTo("after");
        }
    }

    @Test
    void aStallKeepsTheConnectionOpenAndDeliversNothingUntilHealed() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "before")).isEqualTo("before");
            proxy.stall();
            socket.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
            socket.setSoTimeout(1_000);
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .as("nothing arrives and nothing resets the connection").isInstanceOf(SocketTimeoutException.class);
            assertThat(proxy.openConnections()).isEqualTo(1);

            proxy.heal();
            socket.setSoTimeout((int) AWAIT.toMillis());
            assertThat(readExactly(socket.getInputStream(), 4)).as("what was held arrives after the heal").isEqualTo("held");
        }
    }

    @Test
    void aStallOfTheRepliesLetsRequestsArriveAndHoldsTheirAnswersUntilHealed() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "before")).isEqualTo("before");
            proxy.stall(Direction.FROM_TARGET);
            socket.getOutputStream().write("asked".getBytes(StandardCharsets.UTF_8));
            await().atMost(AWAIT).until(() -> received.get() == "beforeasked".length());
            socket.setSoTimeout(1_000);
            assertThatThrownBy(() -> socket.getInputStream().read()).as("the answer is held")
                    .isInstanceOf(SocketTimeoutException.class);

            proxy.heal();
            socket.setSoTimeout((int) AWAIT.toMillis());
            assertThat(readExactly(socket.getInputStream(), 5)).isEqualTo("asked");
        }
    }

    @Test
    void aStallOfTheRequestsHoldsThemBackUntilHealed() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "before")).isEqualTo("before");
            proxy.stall(Direction.TO_TARGET);
            socket.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
            socket.setSoTimeout(1_000);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(received.get()).as("nothing reached the target").isEqualTo("before".length());

            proxy.heal();
            socket.setSoTimeout((int) AWAIT.toMillis());
            assertThat(readExactly(socket.getInputStream(), 4)).isEqualTo("held");
        }
    }

    @Test
    void aDelayHoldsEveryChunkBackAndAHealEndsIt() throws IOException {
        proxy.delay(Duration.ofMillis(400));
        try (Socket socket = connect()) {
            long started = System.nanoTime();
            assertThat(roundTrip(socket, "slow")).isEqualTo("slow");
            // both ways are delayed; only the lower bound holds on a loaded machine
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
            proxy.heal();
            assertThat(roundTrip(socket, "fast")).isEqualTo("fast");
        }
    }

    @Test
    void aTargetThatIsDownLooksDownThroughTheProxy() throws IOException {
        echo.close();
        try (Socket socket = connect()) {
            socket.setSoTimeout((int) AWAIT.toMillis());
            assertThatThrownBy(() -> {
                if (socket.getInputStream().read() == -1) {
                    throw new IOException("closed");
                }
            }).isInstanceOf(IOException.class);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setSoTimeout((int) AWAIT.toMillis());
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return readExactly(socket.getInputStream(), bytes.length);
    }

    private static String readExactly(InputStream in, int length) throws IOException {
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private void echoEveryConnection() {
        while (!echo.isClosed()) {
            try {
                Socket socket = echo.accept();
                Thread pump = new Thread(() -> echoUntilClosed(socket), "echo");
                pump.setDaemon(true);
                pump.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void echoUntilClosed(Socket socket) {
        try (socket) {
            byte[] buffer = new byte[1024];
            int read;
            while ((read = socket.getInputStream().read(buffer)) >= 0) {
                received.addAndGet(read);
                socket.getOutputStream().write(buffer, 0, read);
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }
}
