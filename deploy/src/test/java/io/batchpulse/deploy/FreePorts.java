package io.batchpulse.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds runs of consecutive free loopback ports, as the launcher derives service ports from a base. */
final class FreePorts {

    private FreePorts() {
    }

    static int block(int size) {
        for (int tries = 0; tries < 200; tries++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
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
