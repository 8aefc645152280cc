package io.batchpulse.testsupport.net;

/** One way through a {@link TcpProxy}, for faults that break a link in one direction only. */
public enum Direction {
    /** From the client to the target: requests. */
    TO_TARGET,
    /** From the target back to the client: replies. */
    FROM_TARGET
}
