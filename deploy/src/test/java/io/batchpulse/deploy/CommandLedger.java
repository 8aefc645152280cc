package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.CommandOutcome;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.batch.CommandRejected;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * I6 of RELIABILITY.md for the control commands of one batch, read from its batch-events with the
 * checker's own consumer: each commandId is answered once (one outcome event, accepted or
 * refused; a redelivery adds none), the accepted ones follow the status machine in topic order
 * (pause from running, resume from paused, cancel from either, nothing after cancel), and the
 * REST answers tally with the outcomes of the commands sent through REST.
 */
final class CommandLedger {

    private static final Set<Class<?>> CONTROL_OUTCOMES =
            Set.of(BatchPaused.class, BatchResumed.class, BatchCancelled.class, CommandRejected.class);

    /** HTTP status of every control request sent through the API, by status. */
    private final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();

    void answered(int status) {
        answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    int answers(int status) {
        AtomicInteger count = answers.get(status);
        return count == null ? 0 : count.get();
    }

    /** Checks I6; {@code sentOnTopic}: the ids sent straight to the topic (each possibly several times). */
    void assertTookEffectOnce(String batch, List<BatchEvent> events, Collection<UUID> sentOnTopic) {
        List<CommandOutcome> outcomes = events.stream().filter(event -> CONTROL_OUTCOMES.contains(event.getClass()))
                .map(CommandOutcome.class::cast).filter(outcome -> outcome.commandId() != null).toList();
        Map<UUID, Set<UUID>> eventsByCommand = outcomes.stream().collect(Collectors.groupingBy(
                CommandOutcome::commandId, Collectors.mapping(BatchEvent::eventId, Collectors.toSet())));
        eventsByCommand.forEach((command, answeredBy) -> assertThat(answeredBy)
                .as("I6 (%s): outcome events of command %s", batch, command).hasSize(1));
        assertThat(eventsByCommand.keySet()).as("I6 (%s): commands sent to the topic, each answered", batch)
                .containsAll(sentOnTopic);

        String status = "running";
        Map<String, Integer> viaRest = new HashMap<>();
        Set<UUID> seen = new HashSet<>();
        for (CommandOutcome outcome : outcomes) {
            if (!seen.add(outcome.eventId())) {
                continue; // the same event delivered twice by the outbox is one outcome
            }
            if (!(outcome instanceof CommandRejected)) {
                status = next(batch, status, outcome);
            }
            if (!sentOnTopic.contains(outcome.commandId())) {
                viaRest.merge(outcome instanceof CommandRejected ? "refused" : "accepted", 1, Integer::sum);
            }
        }
        int unanswered = answers(503) + answers(504);
        assertThat(viaRest.getOrDefault("accepted", 0)).as("I6 (%s): accepted API commands against 200 answers", batch)
                .isBetween(answers(200), answers(200) + unanswered);
        assertThat(viaRest.getOrDefault("refused", 0)).as("I6 (%s): refused API commands against 409 answers", batch)
                .isBetween(answers(409), answers(409) + unanswered);
    }

    /** The status after an accepted command, refusing one the status machine does not allow from here. */
    private static String next(String batch, String status, CommandOutcome accepted) {
        Set<String> from;
        String to;
        if (accepted instanceof BatchPaused) {
            from = Set.of("running");
            to = "paused";
        } else if (accepted instanceof BatchResumed) {
            from = Set.of("paused");
            to = "running";
        } else {
            from = Set.of("running", "paused");
            to = "cancelled";
        }
        assertThat(from).as("I6 (%s): %s accepted while the batch was %s", batch, accepted.type(), status)
                .contains(status);
        return to;
    }
}
