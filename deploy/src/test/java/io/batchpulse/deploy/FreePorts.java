package io.batchpulse.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds runs of consecutive free loopback ports, as the launcher derives service ports from a base.
 * They lie below Linux's ephemeral range (32768–60999 by default): a port there that is free now
 * can be taken by any outgoing connection (a Kafka client's) before the service binds it.
 */
final class FreePorts {

    private FreePorts() {
    }

    static int block(int size) {
        for (int tries = 0; tries < 200; tries++) {
            int base = ThreadLocalRandom.current().nextInt(10_000, 32_000 - size);
            if (allFree(base, size)) {
                return base;
            }
        }
        throw new IllegalStateException("No block of " + size + " free ports found");
    }

    private static boolean allFree(int base, int size) {
        for (int port = base; port < base + size; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
