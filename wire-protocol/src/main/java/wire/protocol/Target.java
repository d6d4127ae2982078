package wire.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * Which sessions {@code start}, {@code stop} or {@code restart} act on (PROTOCOL.md, Targets). On
 * the wire it is not a member of its own but exactly one selector among the params:
 * {@code {"session"}}, {@code {"sessions": [...]}}, {@code {"all": true}} or, for restart only,
 * {@code {"stale": true}}. {@link Params} reads and writes that form.
 */
public sealed interface Target {

    /** One session; its failure fails the whole call. */
    record Single(String session) implements Target {
        public Single {
            Objects.requireNonNull(session, "session");
        }
    }

    /** Several sessions, answered with one {@link BulkEntry} each. */
    record Many(List<String> sessions) implements Target {
        public Many {
            sessions = List.copyOf(sessions);
        }
    }

    /** Every session. */
    record All() implements Target {}

    /** Sessions whose running binary is stale; {@code restart} only. */
    record Stale() implements Target {}

    /** True when the answer is a {@link BulkResult} rather than one {@link SessionStatus}. */
    default boolean bulk() {
        return !(this instanceof Single);
    }

    /** The selector as its params member: {@code {"session": "api"}}, {@code {"all": true}}, ... */
    default ObjectNode toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        switch (this) {
            case Single s -> o.put("session", s.session());
            case Many m -> {
                ArrayNode a = o.putArray("sessions");
                m.sessions().forEach(a::add);
            }
            case All a -> o.put("all", true);
            case Stale s -> o.put("stale", true);
        }
        return o;
    }
}
