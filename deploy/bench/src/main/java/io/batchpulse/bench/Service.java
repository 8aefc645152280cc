package io.batchpulse.bench;

import java.net.URI;
import java.util.OptionalLong;

/**
 * A service the benchmark samples: where its actuator answers and, when the benchmark started
 * it, its process id (for jcmd: a forced full GC before a heap reading, JFR).
 *
 * @param secured true for the gateway, whose actuator metrics need a bearer token
 */
record Service(String name, URI baseUrl, OptionalLong pid, boolean secured) {
}
