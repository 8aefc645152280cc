package io.batchpulse.worker.processor;

import io.batchpulse.worker.spi.ItemProcessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * The processors this worker can run: Spring beans plus the {@link ServiceLoader} implementations
 * on the classpath (so a team can drop a jar in without touching the worker). Two processors with
 * the same name stop the start-up: which one ran would otherwise depend on classpath order.
 */
@Component
public class ProcessorRegistry {

    private static final Logger log = LoggerFactory.getLogger(ProcessorRegistry.class);

    private final Map<String, ItemProcessor> byName;

    @Autowired
    public ProcessorRegistry(ObjectProvider<ItemProcessor> beans) {
        this(discover(beans.orderedStream().toList()));
    }

    /** For tests: exactly these processors, no discovery. */
    ProcessorRegistry(List<ItemProcessor> processors) {
        Map<String, ItemProcessor> found = new TreeMap<>();
        for (ItemProcessor processor : processors) {
            String name = processor.name();
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("Item processor " + processor.getClass().getName() + " has no name");
            }
            ItemProcessor previous = found.putIfAbsent(name, processor);
            if (previous != null) {
                throw new IllegalStateException("Two item processors are named '" + name + "': "
                        + previous.getClass().getName() + " and " + processor.getClass().getName());
            }
        }
        this.byName = Collections.unmodifiableMap(found);
        log.info("Item processors available: {}", byName.keySet());
    }

    public Optional<ItemProcessor> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    private static List<ItemProcessor> discover(List<ItemProcessor> beans) {
        List<ItemProcessor> all = new ArrayList<>(beans);
        try {
            ServiceLoader.load(ItemProcessor.class, ClassUtils.getDefaultClassLoader()).forEach(all::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("Cannot load an item processor listed in META-INF/services: "
                    + e.getMessage(), e);
        }
        return all;
    }
}
