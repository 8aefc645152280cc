package io.batchpulse.deploy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * How many members a consumer group has, as the group coordinator sees it: a member cut off from
 * the brokers stays in it until its session timeout, then leaves and its partitions move.
 */
final class GroupMembers {

    /** The one group every worker shares on item-dispatch (the worker's default). */
    static final String WORKERS = "batchpulse-workers";
    /** The gateways' progress Streams app (the gateway's default application id). */
    static final String PROGRESS = "batchpulse-progress";

    private GroupMembers() {
    }

    static int of(String bootstrapServers, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members().size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe group " + group, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
