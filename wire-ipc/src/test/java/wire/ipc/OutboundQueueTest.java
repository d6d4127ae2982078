package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
    private static final int COST = 100 + OutboundQueue.ENTRY_OVERHEAD;

    private static byte[] line(int size) {
        return new byte[size];
    }

    @Test
    void notificationsAreRefusedPastTheirByteBound() {
        OutboundQueue queue = new OutboundQueue(10L * COST, 3L * COST, 1000);
        assertTrue(queue.offer(line(100)));
        assertTrue(queue.offer(line(100)));
        assertTrue(queue.offer(line(100)));
        assertFalse(queue.offer(line(100)));
        assertEquals(3L * COST, queue.queuedBytes());
    }

    @Test
    void notificationsAreRefusedPastTheirCountBound() {
        OutboundQueue queue = new OutboundQueue(1 << 20, 1 << 20, 2);
        assertTrue(queue.offer(line(1)));
        assertTrue(queue.offer(line(1)));
        assertFalse(queue.offer(line(1)));
    }

    @Test
    void responsesStillFitWhenNotificationsAreFull() throws InterruptedException {
        OutboundQueue queue = new OutboundQueue(5L * COST, 3L * COST, 1000);
        while (queue.offer(line(100))) {
            // fill to the notification bound
        }
        assertTrue(queue.put(line(100)));
        assertTrue(queue.put(line(100)));
    }

    @Test
    void anyLineFitsAnEmptyQueue() throws InterruptedException {
        OutboundQueue queue = new OutboundQueue(COST, COST, 10);
        assertTrue(queue.put(line(10_000)));
        assertArrayEquals(line(10_000), queue.poll());
        assertTrue(queue.offer(line(10_000)));
    }

    @Test
    void putWaitsForRoomUntilTheWriterTakes() throws Exception {
        OutboundQueue queue = new OutboundQueue(2L * COST, COST, 10);
        assertTrue(queue.put(line(100)));
        assertTrue(queue.put(line(100)));
        AtomicBoolean queued = new AtomicBoolean();
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                queued.set(queue.put(line(100)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Awaits.await().until(() -> producer.getState() == Thread.State.WAITING);
        assertFalse(queued.get());
        queue.poll();
        producer.join(Duration.ofSeconds(10));
        assertTrue(queued.get());
    }

    @Test
    void offerFinalGivesUpAfterItsWait() throws InterruptedException {
        OutboundQueue queue = new OutboundQueue(COST, COST, 10);
        assertTrue(queue.put(line(100)));
        long start = System.nanoTime();
        assertFalse(queue.offerFinal(line(100), Duration.ofMillis(50)));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(50).toNanos());
    }

    @Test
    void finishedQueueDrainsThenEnds() throws InterruptedException {
        OutboundQueue queue = new OutboundQueue(1 << 20, 1 << 20, 10);
        queue.put(line(1));
        queue.finish();
        assertFalse(queue.offer(line(1)));
        assertFalse(queue.put(line(1)));
        assertTrue(queue.awaitLine());
        assertArrayEquals(line(1), queue.poll());
        assertFalse(queue.awaitLine());
        assertNull(queue.poll());
    }

    @Test
    void abortedQueueDropsEverythingAndWakesWaiters() throws Exception {
        OutboundQueue queue = new OutboundQueue(COST, COST, 10);
        queue.put(line(100));
        AtomicBoolean result = new AtomicBoolean(true);
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                result.set(queue.put(line(100)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Awaits.await().until(() -> producer.getState() == Thread.State.WAITING);
        queue.abort();
        producer.join(Duration.ofSeconds(10));
        assertFalse(result.get());
        assertFalse(queue.awaitLine());
        assertNull(queue.poll());
        assertEquals(0, queue.queuedBytes());
    }

    @Test
    void awaitLineWakesWhenALineIsQueuedAndLeavesItThere() throws Exception {
        OutboundQueue queue = new OutboundQueue(1 << 20, 1 << 20, 10);
        AtomicBoolean woke = new AtomicBoolean();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                woke.set(queue.awaitLine());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Awaits.await().until(() -> writer.getState() == Thread.State.WAITING);
        assertTrue(queue.isEmpty());
        assertTrue(queue.offer(line(5)));
        writer.join(Duration.ofSeconds(10));
        assertTrue(woke.get());
        assertFalse(queue.isEmpty(), "awaitLine does not take the line");
        assertArrayEquals(line(5), queue.poll());
    }

    @Test
    void theRestOfAStartedLineGoesAheadOfEverythingAndPastTheBound() throws InterruptedException {
        OutboundQueue queue = new OutboundQueue(2L * COST, COST, 10);
        assertTrue(queue.put(new byte[] {1}));
        assertTrue(queue.put(new byte[] {2}));
        assertTrue(queue.putFirst(line(100)), "admitted although the queue is full");
        assertEquals(3L * OutboundQueue.ENTRY_OVERHEAD + 102, queue.queuedBytes());
        assertArrayEquals(line(100), queue.poll());
        assertArrayEquals(new byte[] {1}, queue.poll());
        assertArrayEquals(new byte[] {2}, queue.poll());
    }

    @Test
    void theRestOfALineIsRefusedOnceTheQueueIsFinishedOrAborted() {
        OutboundQueue finished = new OutboundQueue(1 << 20, 1 << 20, 10);
        finished.finish();
        assertFalse(finished.putFirst(line(1)));
        OutboundQueue aborted = new OutboundQueue(1 << 20, 1 << 20, 10);
        aborted.abort();
        assertFalse(aborted.putFirst(line(1)));
    }
}
