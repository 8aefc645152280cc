package io.batchpulse.orchestrator.export;

import io.batchpulse.orchestrator.OrchestratorProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Streams a batch's items to a client page by page: read a page, write it, flush, read the next.
 * Memory is one page whatever the batch's size. A client that goes away makes the next write fail,
 * and the export stops there: no further page is read.
 */
@Component
class ResultExport {

    private static final Logger log = LoggerFactory.getLogger(ResultExport.class);

    private final ResultPages pages;
    private final int pageSize;

    ResultExport(ResultPages pages, OrchestratorProperties properties) {
        this.pages = pages;
        this.pageSize = properties.export().pageSize();
    }

    /**
     * Writes every item of the batch whose status is in {@code statuses} (empty: all), in index order.
     *
     * @return the number of items written, or -1 when the client went away before the end
     */
    long write(UUID batchId, ResultFormat format, List<String> statuses, OutputStream out) {
        long written = 0;
        try {
            ResultWriter writer = ResultWriter.of(format, out);
            long after = -1;
            List<ResultRow> page;
            do {
                page = pages.after(batchId, after, statuses, pageSize);
                for (ResultRow row : page) {
                    writer.write(row);
                }
                writer.flush();
                written += page.size();
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).index();
                }
            } while (page.size() == pageSize);
            log.info("Exported {} items as {}", written, format.wire());
            return written;
        } catch (IOException e) {
            log.info("Export stopped after {} items: the client went away ({})", written, e.getMessage());
            return -1;
        }
    }
}
