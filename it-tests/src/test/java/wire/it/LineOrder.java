package wire.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code logs} follower saw of the soak's chatty children, which number their lines
 * ({@code chatty PID line N} on stdout, {@code chatty PID err N} on stderr): per child and
 * stream, every line after the first must be the next number. A gap is a lost line, a step back
 * a repeated one, unless the daemon announced a drop for that stream just before.
 */
final class LineOrder {
    private static final Pattern CHATTY = Pattern.compile("chatty (\\d+) (?:line|err) (\\d+)");

    private final Map<String, Long> last = new HashMap<>();
    long checked;
    long missing;
    long repeated;
    long announcedDrops;

    /** One {@code log} notification's params. */
    void accept(JsonNode log) {
        String stream = log.path("stream").asText();
        if (log.hasNonNull("dropped")) {
            announcedDrops += log.get("dropped").asLong();
            last.keySet().removeIf(key -> key.startsWith(stream + " "));
            return;
        }
        Matcher m = CHATTY.matcher(log.path("line").asText());
        if (!m.matches()) {
            return;
        }
        long n = Long.parseLong(m.group(2));
        Long before = last.put(stream + " " + m.group(1), n);
        if (before == null) {
            return; // the first line seen of this child: a tail may start anywhere
        }
        checked++;
        if (n > before + 1) {
            missing += n - before - 1;
        } else if (n <= before) {
            repeated++;
        }
    }
}
