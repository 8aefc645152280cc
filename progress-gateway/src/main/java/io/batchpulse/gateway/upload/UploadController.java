package io.batchpulse.gateway.upload;

import io.batchpulse.gateway.api.ApiResponse;
import io.batchpulse.gateway.auth.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resumable upload API, tus 1.0 core semantics: {@code Upload-Offset}, {@code Upload-Length}
 * and {@code Tus-Resumable} headers, PATCH answered 204 with the new offset, 409 with the
 * server's offset for a chunk elsewhere. Creation is a JSON POST (not tus's creation extension),
 * and DELETE abandons an upload as tus's termination extension does.
 */
@RestController
@RequestMapping("/api/v1/uploads")
class UploadController {

    static final String TUS_RESUMABLE = "Tus-Resumable";
    static final String TUS_VERSION = "1.0.0";
    static final String UPLOAD_LENGTH = "Upload-Length";
    static final String UPLOAD_EXPIRES = "Upload-Expires";
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

    private final Uploads uploads;

    UploadController(Uploads uploads) {
        this.uploads = uploads;
    }

    @PostMapping
    ResponseEntity<ApiResponse<UploadView>> create(Caller caller, @RequestBody NewUpload request) {
        Upload upload = uploads.create(caller, request);
        return ResponseEntity.created(URI.create("/api/v1/uploads/" + upload.id()))
                .header(ChunkRange.UPLOAD_OFFSET, "0")
                .header(TUS_RESUMABLE, TUS_VERSION)
                .body(ApiResponse.of(uploads.view(upload)));
    }

    /** Streams the body to disk; {@code application/octet-stream} is accepted too. */
    @PatchMapping(value = "/{id}", consumes = {OFFSET_OCTET_STREAM, "application/octet-stream"})
    ResponseEntity<Void> append(Caller caller, @PathVariable UUID id,
            @RequestHeader(value = ChunkRange.UPLOAD_OFFSET, required = false) String uploadOffset,
            @RequestHeader(value = HttpHeaders.CONTENT_RANGE, required = false) String contentRange,
            HttpServletRequest request) throws IOException {
        ChunkRange range = ChunkRange.of(uploadOffset, contentRange);
        long offset = uploads.append(caller, id, range, request.getContentLengthLong(), request.getInputStream());
        return ResponseEntity.noContent()
                .header(ChunkRange.UPLOAD_OFFSET, Long.toString(offset))
                .header(TUS_RESUMABLE, TUS_VERSION)
                .header(UPLOAD_EXPIRES, httpDate(uploads.expiresAt(uploads.find(caller, id))))
                .build();
    }

    /** Where to resume: the offset to send the next chunk from. */
    @RequestMapping(value = "/{id}", method = RequestMethod.HEAD)
    ResponseEntity<Void> offset(Caller caller, @PathVariable UUID id) {
        Upload upload = uploads.find(caller, id);
        return ResponseEntity.ok()
                .header(ChunkRange.UPLOAD_OFFSET, Long.toString(uploads.view(upload).offset()))
                .header(UPLOAD_LENGTH, Long.toString(upload.size()))
                .header(TUS_RESUMABLE, TUS_VERSION)
                .header(UPLOAD_EXPIRES, httpDate(uploads.expiresAt(upload)))
                .cacheControl(CacheControl.noStore())
                .build();
    }

    @GetMapping("/{id}")
    ResponseEntity<ApiResponse<UploadView>> get(Caller caller, @PathVariable UUID id) {
        UploadView view = uploads.view(uploads.find(caller, id));
        return ResponseEntity.ok()
                .header(TUS_RESUMABLE, TUS_VERSION)
                .cacheControl(CacheControl.noStore())
                .body(ApiResponse.of(view));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        uploads.delete(caller, id);
        return ResponseEntity.noContent().header(TUS_RESUMABLE, TUS_VERSION).build();
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
