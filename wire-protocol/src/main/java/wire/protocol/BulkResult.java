package wire.protocol;

import java.util.List;

/** Result of a bulk {@code start}/{@code stop}/{@code restart}: {@code {"results": [...]}}, one entry per session. */
public record BulkResult(List<BulkEntry> results) {
    public BulkResult {
        results = List.copyOf(results);
    }
}
