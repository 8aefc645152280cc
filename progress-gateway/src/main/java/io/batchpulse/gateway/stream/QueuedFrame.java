package io.batchpulse.gateway.stream;

/** A frame waiting in a stream's queue, with the resume position the stream has once it is written. */
final class QueuedFrame {

    Frame frame;
    long cursorAfter;
    /** Left-out item events of a crowded batch before {@code cursorAfter} the client has not been told of. */
    long untoldAfter;
    final boolean idFromCursor;
    final boolean closesAfter;

    QueuedFrame(Frame frame, long cursorAfter, boolean idFromCursor, boolean closesAfter) {
        this.frame = frame;
        this.cursorAfter = cursorAfter;
        this.idFromCursor = idFromCursor;
        this.closesAfter = closesAfter;
    }
}
