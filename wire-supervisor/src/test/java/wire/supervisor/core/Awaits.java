package wire.supervisor.core;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The one way tests wait: a short poll interval and a deadline, never a sleep. */
final class Awaits {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private Awaits() {}

    static void until(String what, Callable<Boolean> condition) {
        await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(5)).pollDelay(Duration.ZERO).until(condition);
    }

    /** The future's value, failing the test if it does not complete in time. */
    static <T> T done(CompletableFuture<T> f) {
        try {
            return f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("future did not complete within " + DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The exception the future failed with, failing the test if it succeeds or hangs. */
    static Throwable failure(CompletableFuture<?> f) {
        try {
            Object v = f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("future succeeded with " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("future did not complete within " + DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
