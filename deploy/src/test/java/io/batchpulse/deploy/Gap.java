package io.batchpulse.deploy;

import java.util.stream.LongStream;

/**
 * The longest stretch of a window without a point in it (a viewer's events, an instance's
 * dispatches): where it began and how long it lasted, in the points' own unit.
 */
record Gap(long from, long length) {

    /** The longest gap from {@code from} to {@code to} between the points inside, the window's ends included. */
    static Gap longest(LongStream points, long from, long to) {
        long last = from;
        Gap longest = new Gap(from, 0);
        for (long at : points.filter(at -> at > from && at < to).sorted().toArray()) {
            if (at - last > longest.length()) {
                longest = new Gap(last, at - last);
            }
            last = at;
        }
        return to - last > longest.length() ? new Gap(last, to - last) : longest;
    }
}
