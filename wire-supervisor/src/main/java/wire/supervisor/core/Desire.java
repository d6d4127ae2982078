package wire.supervisor.core;

import java.util.Objects;
import wire.protocol.Desired;
import wire.protocol.SessionSpec;

/**
 * What one present session should be doing: the core's "desired" input.
 *
 * @param spec the spec to run: the valid one from disk, or the last valid one when the file turned
 *     invalid (so the running child is left as it is); null when the session never had a valid spec
 * @param fingerprint {@code SessionSpecWriter.fingerprint} of {@code spec}, null with it
 * @param intent the persisted admin intent, else up for autostart sessions and down for the rest
 * @param eligible the idle filter's verdict
 * @param override an explicit start overrode the idle filter (remembered until stop)
 */
record Desire(String name, SessionSpec spec, String fingerprint, Desired intent, boolean eligible, boolean override) {
    Desire {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(intent, "intent");
        if ((spec == null) != (fingerprint == null)) {
            throw new IllegalArgumentException("spec and fingerprint go together");
        }
    }

    boolean mayAutoStart() {
        return eligible || override;
    }
}
