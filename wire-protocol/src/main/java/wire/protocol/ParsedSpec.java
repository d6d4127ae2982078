package wire.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/** What {@link SessionSpecParser} makes of a {@code session.json}: a spec, or every problem in it. */
public sealed interface ParsedSpec permits ParsedSpec.Valid, ParsedSpec.Invalid {

    /** The problems found; empty for a valid spec. */
    List<ConfigProblem> problems();

    /** The file held a valid spec; every default is applied. */
    record Valid(SessionSpec spec) implements ParsedSpec {
        public Valid {
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public List<ConfigProblem> problems() {
            return List.of();
        }
    }

    /** The file was unreadable as a spec; {@code problems} holds every one found: value problems in
     * document order, then keys given twice. */
    record Invalid(List<ConfigProblem> problems) implements ParsedSpec {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid spec has at least one problem");
            }
        }

        /**
         * {@code -32003 invalid_config} for {@code session}, with {@code data.session} and
         * {@code data.errors} (PROTOCOL.md, Application errors).
         */
        public RpcException toRpcException(String session) {
            ObjectNode data = Json.mapper().createObjectNode();
            data.put("session", session);
            data.set("errors", Json.mapper().valueToTree(problems));
            String more = problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more)";
            return new RpcException(ErrorCode.INVALID_CONFIG,
                    "invalid session.json of " + session + ": " + problems.getFirst() + more, data);
        }
    }
}
