package io.batchpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Heap readings of the services: as they are, or right after a forced full GC (the live set); and their direct buffers. */
final class Memory {

    private final GatewayApi api;
    private final String token;
    private final Iterable<Service> services;

    Memory(GatewayApi api, String token, Iterable<Service> services) {
        this.api = api;
        this.token = token;
        this.services = services;
    }

    long heapUsed(Service service) {
        return api.heapUsed(service, token);
    }

    /**
     * The live heap: a full GC (jcmd, for services this benchmark started), then the actuator
     * reading. Two GCs, because finalizable and soft references survive the first.
     */
    long liveHeap(Service service) {
        Jcmd.fullGc(service);
        Jcmd.fullGc(service);
        return heapUsed(service);
    }

    /**
     * Bytes in the JVM's direct buffers (off the heap: where a server keeps its socket and pooled
     * I/O buffers), or -1 when the service does not report it.
     */
    long directBuffers(Service service) {
        return (long) api.metric(service, token, "jvm.buffer.memory.used?tag=id:direct", "VALUE");
    }

    Map<String, Long> liveHeaps() {
        Map<String, Long> heaps = new LinkedHashMap<>();
        for (Service service : services) {
            heaps.put(service.name(), liveHeap(service));
        }
        return heaps;
    }

    Map<String, Long> heapsUsed() {
        Map<String, Long> heaps = new LinkedHashMap<>();
        for (Service service : services) {
            heaps.put(service.name(), heapUsed(service));
        }
        return heaps;
    }

    /** Resident set size of a service this benchmark started (Linux /proc), or -1. */
    static long rss(Service service) {
        if (service.pid().isEmpty()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(service.pid().getAsLong()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static String mb(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.1f MB", bytes / 1_048_576.0);
    }
}
