package wire.it;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** The one way tests wait: for a condition, polled often, with a deadline. Never a fixed sleep. */
public final class Awaits {
    private Awaits() {}

    public static ConditionFactory await() {
        return await(Duration.ofSeconds(20));
    }

    public static ConditionFactory await(Duration deadline) {
        return Awaitility.await()
                .atMost(deadline)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .ignoreExceptions();
    }
}
