package wire.it;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link WireSandbox} for a whole test class, for classes whose tests only talk to one daemon
 * and leave it as they found it: a daemon JVM start costs about a second, paid once instead of
 * per test. Register it as a static field; tests use {@link #sandbox()}.
 */
final class SharedSandbox implements BeforeAllCallback, AfterAllCallback {
    private final WireSandbox sandbox = new WireSandbox();

    WireSandbox sandbox() {
        return sandbox;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        sandbox.beforeEach(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        sandbox.afterEach(context);
    }
}
