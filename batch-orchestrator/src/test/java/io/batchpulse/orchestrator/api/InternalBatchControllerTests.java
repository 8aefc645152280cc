package io.batchpulse.orchestrator.api;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.query.PageView;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The internal API's status codes and error body, on the web layer alone (the queries are stubbed). */
@WebMvcTest(InternalBatchController.class)
@Import(JsonConfig.class)
class InternalBatchControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    BatchQueries queries;

    @Test
    void listAnswers200WithThePageAndTreatsABlankOwnerAsAll() throws Exception {
        given(queries.batches(null, BatchStatus.COMPLETED, 0, 20)).willReturn(new PageView<>(List.of(), 0, 20, 0, 0));

        mvc.perform(get("/internal/v1/batches?owner=&status=completed"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content").isEmpty())
                .andExpect(jsonPath("$.size").value(20))
                .andExpect(jsonPath("$.totalElements").value(0));
        verify(queries).batches(null, BatchStatus.COMPLETED, 0, 20);
    }

    @Test
    void unknownBatchAnswers404WithTheNotFoundCode() throws Exception {
        UUID id = UUID.randomUUID();
        given(queries.batch(id)).willReturn(Optional.empty());

        mvc.perform(get("/internal/v1/batches/" + id))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"))
                .andExpect(jsonPath("$.message").value("batch " + id + " not found"))
                .andExpect(jsonPath("$.details").isEmpty());
        mvc.perform(get("/internal/v1/batches/" + id + "/items"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
    }

    @Test
    void pageSizeOutOfRangeAnswers400NamingTheParameter() throws Exception {
        mvc.perform(get("/internal/v1/batches?size=501"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.message").value("invalid request parameters"))
                .andExpect(jsonPath("$.details[0]").value("size: must be less than or equal to 500"));
        mvc.perform(get("/internal/v1/batches/" + UUID.randomUUID() + "/items?page=-1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.details[0]").value("page: must be greater than or equal to 0"));
    }

    @Test
    void unknownStatusAnswers400WithTheValueInTheDetails() throws Exception {
        mvc.perform(get("/internal/v1/batches?status=bogus"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.message").value("status: unknown value 'bogus'"))
                .andExpect(jsonPath("$.details[0]").value("status: unknown value 'bogus'"));
    }

    @Test
    void malformedBatchIdAnswers400() throws Exception {
        mvc.perform(get("/internal/v1/batches/not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.details").isEmpty());
    }
}
