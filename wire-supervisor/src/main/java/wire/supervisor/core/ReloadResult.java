package wire.supervisor.core;

import java.util.List;

/**
 * What a {@code reload} found (PROTOCOL.md, {@code reload}): session names sorted, each in exactly
 * one list. A session whose {@code session.json} is invalid is only in {@code invalid}; its running
 * child, if any, is left untouched. Defined here until the protocol module has its own result type;
 * the RPC layer maps it one to one.
 */
public record ReloadResult(List<String> added, List<String> removed, List<String> changed, List<String> unchanged,
        List<Invalid> invalid) {
    public ReloadResult {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
        invalid = List.copyOf(invalid);
    }

    /** A session whose {@code session.json} could not be used, with every problem found. */
    public record Invalid(String session, List<String> errors) {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }
}
