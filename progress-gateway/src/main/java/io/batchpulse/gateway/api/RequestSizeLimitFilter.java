package io.batchpulse.gateway.api;

import io.batchpulse.gateway.GatewayProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds request bodies of the API. A declared Content-Length over the limit is refused before
 * anything is read; a chunked body is counted while it is read and fails once it passes the limit,
 * so no request can make the gateway hold more than the limit in memory. Upload chunks are the one
 * exception (see {@link #isUploadChunk}).
 */
@Component
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private static final Pattern UPLOAD_CHUNK = Pattern.compile("/api/v1/uploads/[^/]+");

    private final long limit;
    private final ErrorResponseWriter writer;

    RequestSizeLimitFilter(GatewayProperties properties, ErrorResponseWriter writer) {
        this.limit = properties.limits().maxRequestBody().toBytes();
        this.writer = writer;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || isUploadChunk(request);
    }

    /**
     * A chunk of a resumable upload ({@code PATCH /api/v1/uploads/{id}}) is streamed to disk, never
     * held in memory, and bounded by {@code gateway.uploads.max-chunk-size} where it is written.
     */
    private static boolean isUploadChunk(HttpServletRequest request) {
        return "PATCH".equals(request.getMethod()) && UPLOAD_CHUNK.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            UnreadBody.discard(request.getInputStream(), request.getContentLengthLong(), limit);
            writer.write(response, tooLarge());
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private ApiException tooLarge() {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + limit + " bytes");
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long count;

        LimitedInputStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int value = delegate.read();
            if (value >= 0) {
                counted(1);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = delegate.read(buffer, offset, length);
            if (read > 0) {
                counted(read);
            }
            return read;
        }

        private void counted(int bytes) throws PayloadTooLargeException {
            count += bytes;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
