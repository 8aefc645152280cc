package io.batchpulse.gateway.upload;

import static io.batchpulse.gateway.auth.SliceTokens.as;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.auth.ApiSliceTest;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.upload.parse.ItemFormat;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@ApiSliceTest(UploadController.class)
class UploadControllerWebTests {

    private static final UUID UPLOAD = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final Caller ALICE = new Caller("alice", false);
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DECLARATION = "{\"fileName\":\"items.jsonl\",\"size\":10,\"format\":\"jsonl\"}";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Uploads uploads;

    @Test
    void aDeclaredUploadAnswers201WithItsOffsetAndTheTusVersion() throws Exception {
        Upload upload = upload();
        given(uploads.create(eq(ALICE), any())).willReturn(upload);
        given(uploads.view(upload)).willReturn(view(0));

        mvc.perform(as("alice", post("/api/v1/uploads")).contentType(MediaType.APPLICATION_JSON).content(DECLARATION))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/uploads/" + UPLOAD))
                .andExpect(header().string("Upload-Offset", "0"))
                .andExpect(header().string("Tus-Resumable", "1.0.0"))
                .andExpect(jsonPath("$.error").isEmpty())
                .andExpect(jsonPath("$.data.id").value(UPLOAD.toString()))
                .andExpect(jsonPath("$.data.state").value("uploading"));
    }

    @Test
    void anInvalidDeclarationIs400AndATooLargeOne413() throws Exception {
        given(uploads.create(any(), any())).willThrow(ApiException.validation(List.of("format: must be jsonl or csv")))
                .willThrow(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The file is larger than the limit",
                        List.of("size: must be at most 100")));

        mvc.perform(as("alice", post("/api/v1/uploads")).contentType(MediaType.APPLICATION_JSON).content(DECLARATION))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.error.details[0]").value("format: must be jsonl or csv"));
        mvc.perform(as("alice", post("/api/v1/uploads")).contentType(MediaType.APPLICATION_JSON).content(DECLARATION))
                .andExpect(status().is(413))
                .andExpect(jsonPath("$.error.code").value("PAYLOAD_TOO_LARGE"))
                .andExpect(jsonPath("$.error.details[0]").value("size: must be at most 100"));
    }

    @Test
    void aChunkAnswers204WithTheNewOffset() throws Exception {
        given(uploads.append(eq(ALICE), eq(UPLOAD), any(), eq(4L), any())).willReturn(4L);
        given(uploads.find(ALICE, UPLOAD)).willReturn(upload());
        given(uploads.expiresAt(any())).willReturn(CREATED.plusSeconds(3_600));

        mvc.perform(as("alice", patch("/api/v1/uploads/{id}", UPLOAD)).header("Upload-Offset", "0")
                        .contentType("application/offset+octet-stream").content(new byte[4]))
                .andExpect(status().isNoContent())
                .andExpect(header().string("Upload-Offset", "4"))
                .andExpect(header().string("Tus-Resumable", "1.0.0"))
                .andExpect(header().string("Upload-Expires", "Thu, 1 Jan 2026 01:00:00 GMT"));
    }

    @Test
    void aChunkAtAnotherOffsetIs409NamingTheServersOffset() throws Exception {
        given(uploads.append(any(), eq(UPLOAD), any(), anyLong(), any())).willThrow(new ApiException(
                ErrorCode.OFFSET_MISMATCH, "The chunk does not start at the server's offset",
                List.of("offset: the server has 6 bytes")).withHeader("Upload-Offset", "6"));

        mvc.perform(as("alice", patch("/api/v1/uploads/{id}", UPLOAD)).header("Upload-Offset", "2")
                        .contentType("application/offset+octet-stream").content(new byte[4]))
                .andExpect(status().isConflict())
                .andExpect(header().string("Upload-Offset", "6"))
                .andExpect(jsonPath("$.error.code").value("OFFSET_MISMATCH"))
                .andExpect(jsonPath("$.error.details[0]").value("offset: the server has 6 bytes"));
    }

    @Test
    void aChunkOverTheLimitIs413AndOneOfAnotherMediaType415() throws Exception {
        given(uploads.append(any(), eq(UPLOAD), any(), anyLong(), any()))
                .willThrow(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "A chunk may be at most 2 bytes here"));

        mvc.perform(as("alice", patch("/api/v1/uploads/{id}", UPLOAD)).header("Upload-Offset", "0")
                        .contentType("application/offset+octet-stream").content(new byte[4]))
                .andExpect(status().is(413))
                .andExpect(jsonPath("$.error.code").value("PAYLOAD_TOO_LARGE"));
        mvc.perform(as("alice", patch("/api/v1/uploads/{id}", UPLOAD)).header("Upload-Offset", "0")
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.error.code").value("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void theOffsetAnswersInHeadersAndIsNeverCached() throws Exception {
        Upload upload = upload();
        given(uploads.find(ALICE, UPLOAD)).willReturn(upload);
        given(uploads.view(upload)).willReturn(view(6));
        given(uploads.expiresAt(upload)).willReturn(CREATED.plusSeconds(60));

        mvc.perform(as("alice", head("/api/v1/uploads/{id}", UPLOAD)))
                .andExpect(status().isOk())
                .andExpect(header().string("Upload-Offset", "6"))
                .andExpect(header().string("Upload-Length", "10"))
                .andExpect(header().string("Cache-Control", "no-store"));
        mvc.perform(as("alice", get("/api/v1/uploads/{id}", UPLOAD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.offset").value(6));
    }

    @Test
    void someoneElsesOrAnUnknownUploadIs404() throws Exception {
        given(uploads.find(any(), eq(UPLOAD))).willThrow(new ApiException(ErrorCode.NOT_FOUND, "No upload " + UPLOAD));

        mvc.perform(as("alice", get("/api/v1/uploads/{id}", UPLOAD)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.data").isEmpty())
                .andExpect(jsonPath("$.error.code").value("NOT_FOUND"))
                .andExpect(jsonPath("$.error.message").value("No upload " + UPLOAD));
    }

    @Test
    void deletingAnswers204AndAnUploadBeingFedIs409() throws Exception {
        mvc.perform(as("alice", delete("/api/v1/uploads/{id}", UPLOAD)))
                .andExpect(status().isNoContent())
                .andExpect(header().string("Tus-Resumable", "1.0.0"));

        willThrow(new ApiException(ErrorCode.INVALID_TRANSITION, "The upload is being fed into a batch"))
                .given(uploads).delete(ALICE, UPLOAD);
        mvc.perform(as("alice", delete("/api/v1/uploads/{id}", UPLOAD)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error.code").value("INVALID_TRANSITION"));
    }

    @Test
    void withoutATokenNothingIsDeclaredOrWritten() throws Exception {
        mvc.perform(post("/api/v1/uploads").contentType(MediaType.APPLICATION_JSON).content(DECLARATION))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"));
        mvc.perform(patch("/api/v1/uploads/{id}", UPLOAD).header("Upload-Offset", "0")
                        .contentType("application/offset+octet-stream").content(new byte[4]))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(uploads);
    }

    private static Upload upload() {
        return Upload.declared(UPLOAD, "alice", "items.jsonl", ItemFormat.JSONL, 10, null, CREATED);
    }

    private static UploadView view(long offset) {
        return new UploadView(UPLOAD, "items.jsonl", "jsonl", 10, offset, 0, 1_000, CREATED, CREATED.plusSeconds(60),
                "uploading", null);
    }
}
