package wire.supervisor.logs;

/**
 * Where one rotation cuts a live log file, decided from sizes alone (the pure part of
 * {@link LogFile#rotate}).
 *
 * <p>{@code fallocate(FALLOC_FL_COLLAPSE_RANGE)} removes whole filesystem blocks from the head of
 * the file, so the cut that leaves the file is {@code collapse}: the largest multiple of the block
 * size below the size (the range may not reach the end of the file). Lines do not end on block
 * boundaries, so of those bytes the rotated file {@code .1} takes the whole lines,
 * {@code [0, lineEnd)}, and the start of the line the cut goes through, {@code [lineEnd,
 * collapse)}, is kept in {@code .part}, where the next rotation picks it up; readers read
 * {@code .part} between {@code .1} and the live file. A line so long that the kept part would
 * outgrow a whole rotated file is cut instead ({@code lineEnd == collapse}).
 *
 * @param collapse bytes removed from the head of the live file, a multiple of the block size
 * @param lineEnd how many of them end a line and go to {@code .1} (after what {@code .part} held)
 */
record RotationPlan(long collapse, long lineEnd) {
    RotationPlan {
        if (collapse <= 0 || lineEnd < 0 || lineEnd > collapse) {
            throw new IllegalArgumentException("bad plan: collapse " + collapse + ", lineEnd " + lineEnd);
        }
    }

    /**
     * The bytes a collapse may remove from a file of {@code size}: a positive multiple of
     * {@code blockSize} strictly below {@code size}, or 0 when the file is too small.
     */
    static long collapseLength(long size, long blockSize) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("blockSize <= 0: " + blockSize);
        }
        long c = size / blockSize * blockSize;
        if (c >= size) {
            c -= blockSize;
        }
        return Math.max(c, 0);
    }

    /**
     * The plan for a collapse of {@code collapse} bytes whose last newline is at
     * {@code lastNewline} (-1: none), when {@code .part} already holds {@code partBytes} and a
     * rotated file should stay near {@code maxBytes}.
     */
    static RotationPlan cut(long collapse, long lastNewline, long partBytes, long maxBytes) {
        if (lastNewline >= collapse) {
            throw new IllegalArgumentException("lastNewline " + lastNewline + " is not below " + collapse);
        }
        long lineEnd = lastNewline + 1;
        if (partBytes + (collapse - lineEnd) > maxBytes) {
            lineEnd = collapse;
        }
        return new RotationPlan(collapse, lineEnd);
    }

    /** Bytes that stay in {@code .part}: the head of the line the cut goes through. */
    long carried() {
        return collapse - lineEnd;
    }
}
