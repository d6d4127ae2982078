package wire.supervisor.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import wire.protocol.Json;
import wire.protocol.SessionSpec;

/**
 * A stable digest of a spec, used to tell a changed {@code session.json} from an unchanged one.
 * Stable across JVM runs: {@code env} is sorted first ({@code Map.copyOf} iterates in a per-run
 * order). To be replaced by {@code SessionSpecParser.fingerprint} once the protocol module has it.
 */
final class SpecFingerprint {
    private SpecFingerprint() {}

    static String of(SessionSpec spec) {
        ObjectNode n = Json.mapper().createObjectNode();
        if (spec.command() == null) {
            n.putNull("command");
        } else {
            ArrayNode cmd = n.putArray("command");
            spec.command().forEach(cmd::add);
        }
        n.put("cwd", spec.cwd());
        ObjectNode env = n.putObject("env");
        new TreeMap<>(spec.env()).forEach(env::put);
        n.put("autostart", spec.autostart());
        n.put("restart", spec.restart().wire());
        n.put("stop_signal", spec.stopSignal().wire());
        n.put("stop_grace_seconds", spec.stopGraceSeconds());
        n.put("max_restarts", spec.maxRestarts());
        n.put("restart_window_seconds", spec.restartWindowSeconds());
        n.put("log_max_bytes", spec.logMaxBytes());
        n.put("log_keep", spec.logKeep());
        try {
            byte[] canonical = Json.mapper().writeValueAsBytes(n);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a spec", e);
        }
    }

    static String ofNullable(SessionSpec spec) {
        return spec == null ? null : of(spec);
    }
}
