package wire.supervisor.process;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** The one way these tests wait: poll often, give up at a deadline. */
final class Awaits {
    private Awaits() {}

    static ConditionFactory await() {
        return await(Duration.ofSeconds(10));
    }

    static ConditionFactory await(Duration deadline) {
        return Awaitility.await().pollInterval(Duration.ofMillis(10)).atMost(deadline);
    }
}
