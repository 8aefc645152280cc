package io.batchpulse.deploy;

import io.batchpulse.events.BatchPartitions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;

/**
 * Which orchestrator instance dispatches a batch now, read from outside: the batch's
 * batch-commands partition (found as Kafka's partitioner finds it) and that partition's row in
 * dispatch_owners. For the fault tests and the benchmark, which kill a batch's owner.
 */
final class BatchOwners {

    private BatchOwners() {
    }

    /** The instance name the owner holds the partition under; empty before any instance took it. */
    static Optional<String> of(UUID batchId, Map<String, Object> kafkaClient, String commandsTopic, String jdbcUrl,
            String user, String password) {
        try (Admin admin = Admin.create(kafkaClient);
                Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT owner FROM dispatch_owners WHERE partition = ?")) {
            int partitions = admin.describeTopics(List.of(commandsTopic)).allTopicNames().get().get(commandsTopic)
                    .partitions().size();
            query.setInt(1, BatchPartitions.of(batchId, partitions));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException | ExecutionException e) {
            throw new IllegalStateException("could not read the owner of batch " + batchId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the owner of batch " + batchId, e);
        }
    }
}
