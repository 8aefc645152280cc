package io.batchpulse.orchestrator.item;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.ItemStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The flags the statements name (ItemFlags) are the stored generated columns the migrations
 * define on batch_items, for the same statuses: read from the migrations on the classpath, in
 * version order, so neither side can change alone.
 */
class ItemFlagsTests {

    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");
    private static final Pattern ADDED = Pattern.compile(
            "ADD\\s+COLUMN\\s+(\\w+)\\s+boolean\\s+GENERATED\\s+ALWAYS\\s+AS\\s+\\((.*?)\\)\\s+STORED",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern DROPPED = Pattern.compile("DROP\\s+COLUMN\\s+(?:IF\\s+EXISTS\\s+)?(\\w+)",
            Pattern.CASE_INSENSITIVE);
    // the only two shapes a flag's definition has; anything else fails here instead of being misread
    private static final Pattern ONE_STATUS = Pattern.compile("status\\s*=\\s*'(\\w+)'", Pattern.CASE_INSENSITIVE);
    private static final Pattern SOME_STATUSES = Pattern.compile("status\\s+IN\\s+\\(((?:\\s*'\\w+'\\s*,?)+)\\)",
            Pattern.CASE_INSENSITIVE);

    @Test
    void everyFlagIsAGeneratedColumnOfTheStatusesItStandsFor() throws IOException {
        Map<String, Set<ItemStatus>> migrated = generatedFlags();
        Map<String, Set<ItemStatus>> named = new TreeMap<>();
        for (ItemStatus status : ItemStatus.values()) {
            ItemFlags.of(status).ifPresent(flag ->
                    named.computeIfAbsent(flag, f -> EnumSet.noneOf(ItemStatus.class)).add(status));
        }

        assertThat(migrated).as("generated flag columns of batch_items in the migrations").isNotEmpty();
        assertThat(named).isEqualTo(migrated);
        assertThat(named.keySet()).containsExactlyInAnyOrder(ItemFlags.QUEUED, ItemFlags.IN_FLIGHT, ItemFlags.FAILED);
    }

    /** Each generated boolean column of batch_items as the latest migration that touches it leaves it. */
    private static Map<String, Set<ItemStatus>> generatedFlags() throws IOException {
        Resource[] migrations = new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*__*.sql");
        Arrays.sort(migrations, Comparator.comparingInt(ItemFlagsTests::version));
        Map<String, Set<ItemStatus>> flags = new TreeMap<>();
        for (Resource migration : migrations) {
            for (String statement : statements(migration)) {
                if (!statement.matches("(?is)\\s*(ALTER|CREATE)\\s+TABLE\\s+batch_items\\b.*")) {
                    continue;
                }
                Matcher dropped = DROPPED.matcher(statement);
                while (dropped.find()) {
                    flags.remove(dropped.group(1));
                }
                Matcher added = ADDED.matcher(statement);
                while (added.find()) {
                    flags.put(added.group(1), statuses(added.group(2).trim()));
                }
            }
        }
        return flags;
    }

    private static int version(Resource migration) {
        Matcher matcher = VERSION.matcher(String.valueOf(migration.getFilename()));
        assertThat(matcher.matches()).as("migration name " + migration.getFilename()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static String[] statements(Resource migration) throws IOException {
        String sql = migration.getContentAsString(StandardCharsets.UTF_8).replaceAll("--[^\\n]*", "");
        return sql.split(";");
    }

    private static Set<ItemStatus> statuses(String definition) {
        Matcher one = ONE_STATUS.matcher(definition);
        if (one.matches()) {
            return EnumSet.of(ItemStatus.fromWire(one.group(1)));
        }
        Matcher some = SOME_STATUSES.matcher(definition);
        assertThat(some.matches()).as("a flag defined as status = '...' or status IN (...): " + definition).isTrue();
        Set<ItemStatus> statuses = EnumSet.noneOf(ItemStatus.class);
        for (String wire : some.group(1).split(",")) {
            statuses.add(ItemStatus.fromWire(wire.trim().replace("'", "")));
        }
        return statuses;
    }
}
