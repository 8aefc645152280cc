package io.batchpulse.worker.dispatch;

import io.batchpulse.events.item.ItemDispatch;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;

/**
 * Handles the records of one poll. Readable dispatches run in parallel; the method returns once
 * every one of them is processed and its events are acknowledged, and only then does the
 * container commit the offsets (at least once).
 *
 * <p>At the first unreadable record only the records before it are processed; the listener then
 * throws a {@link BatchListenerFailedException} naming it, so the error handler commits what
 * came before, sends that record to the dead-letter topic, and the records after it come again
 * with the next poll.
 */
class ItemDispatchListener implements BatchMessageListener<String, ItemDispatch> {

    private final ParallelDispatchRunner runner;

    ItemDispatchListener(ParallelDispatchRunner runner) {
        this.runner = runner;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, ItemDispatch>> records) {
        int unreadable = firstUnreadable(records);
        List<ConsumerRecord<String, ItemDispatch>> readable =
                unreadable < 0 ? records : records.subList(0, unreadable);
        runner.runAll(readable);
        if (unreadable >= 0) {
            UnreadableDispatchException reason = UnreadableDispatchException.of(records.get(unreadable));
            throw new BatchListenerFailedException("Unreadable item-dispatch record: " + reason.getMessage(),
                    reason, unreadable);
        }
    }

    private static int firstUnreadable(List<ConsumerRecord<String, ItemDispatch>> records) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() == null) {
                return i;
            }
        }
        return -1;
    }
}
