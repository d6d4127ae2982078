package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import wire.protocol.RestartPolicy;
import wire.protocol.SessionSpec;
import wire.protocol.SessionSpecWriter;
import wire.protocol.StopSignal;

class SpawnerTest {
    private final Spawner spawner = new Spawner(
            Map.of("PATH", "/bin", "WIRE_ROOT", "/r", "WIRE_HOME", "/wrong", "WIRE_NO_AUTOSPAWN", "1"),
            List.of("wire", "daemon"));

    private static SessionSpec spec(Map<String, String> env) {
        return new SessionSpec(List.of("/bin/w"), null, env, true, RestartPolicy.ALWAYS, StopSignal.TERM, 10, 10, 60, 1, 1);
    }

    @Test
    void environmentIsTheDaemonsWithoutWireKeysPlusTheSessionsPlusWireHome() {
        Map<String, String> env = spawner.env(spec(Map.of("PATH", "/opt/bin", "K", "v", "WIRE_SNEAKY", "x")), "/h/api");
        assertEquals(Map.of("PATH", "/opt/bin", "K", "v", "WIRE_HOME", "/h/api"), env);
    }

    @Test
    void requestUsesTheHomeAsCwdAndTheSessionLogs() {
        var req = spawner.request(spec(Map.of()), Path.of("/h/api"), "/h/api");
        assertEquals(Path.of("/h/api"), req.cwd());
        assertEquals(Path.of("/h/api/state/wire/stdout.log"), req.stdoutLog());
        assertEquals(Path.of("/h/api/state/wire/stderr.log"), req.stderrLog());
        assertEquals(List.of("/bin/w"), req.argv());
    }

    @Test
    void specFingerprintIgnoresEnvOrderButSeesEveryValue() {
        var a = new java.util.LinkedHashMap<String, String>();
        a.put("X", "1");
        a.put("Y", "2");
        var b = new java.util.LinkedHashMap<String, String>();
        b.put("Y", "2");
        b.put("X", "1");
        assertEquals(SessionSpecWriter.fingerprint(spec(a)), SessionSpecWriter.fingerprint(spec(b)));
        assertNotEquals(SessionSpecWriter.fingerprint(spec(a)), SessionSpecWriter.fingerprint(spec(Map.of("X", "1", "Y", "3"))));
    }
}
