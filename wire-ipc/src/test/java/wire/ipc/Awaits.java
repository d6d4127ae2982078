package wire.ipc;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** The one way tests wait for a condition: short polls, a generous deadline, no sleeps. */
final class Awaits {
    private Awaits() {}

    static ConditionFactory await() {
        return Awaitility.await()
                .pollInterval(Duration.ofMillis(10))
                .pollDelay(Duration.ZERO)
                .atMost(Duration.ofSeconds(20));
    }
}
