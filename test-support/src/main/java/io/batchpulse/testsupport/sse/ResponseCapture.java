package io.batchpulse.testsupport.sse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.util.Map;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * What the SSE library does not hand over: the answer's status and headers, and the body of a
 * refusal (peeked before the library closes it). Optionally a small socket receive buffer, for a
 * client that plays a slow reader.
 */
final class ResponseCapture {

    private volatile int status = -1;
    private volatile HttpHeaders headers = HttpHeaders.of(Map.of(), (name, value) -> true);
    private volatile byte[] errorBody = new byte[0];

    void configure(OkHttpClient.Builder client, int receiveBuffer) {
        client.addNetworkInterceptor(chain -> capture(chain.proceed(chain.request())));
        if (receiveBuffer > 0) {
            client.socketFactory(new SmallReceiveBuffer(receiveBuffer));
        }
    }

    private Response capture(Response answer) throws IOException {
        status = answer.code();
        headers = HttpHeaders.of(answer.headers().toMultimap(), (name, value) -> true);
        if (!answer.isSuccessful()) {
            errorBody = answer.peekBody(1 << 20).bytes();
        }
        return answer;
    }

    int status() {
        return status;
    }

    HttpHeaders headers() {
        return headers;
    }

    byte[] errorBody() {
        return errorBody;
    }

    /** Sockets whose receive buffer is set before they connect, so the TCP window stays small. */
    private static final class SmallReceiveBuffer extends SocketFactory {

        private final int bytes;

        SmallReceiveBuffer(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(bytes);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new UnsupportedOperationException("OkHttp connects unconnected sockets itself");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
            throw new UnsupportedOperationException("OkHttp connects unconnected sockets itself");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) {
            throw new UnsupportedOperationException("OkHttp connects unconnected sockets itself");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
            throw new UnsupportedOperationException("OkHttp connects unconnected sockets itself");
        }
    }
}
