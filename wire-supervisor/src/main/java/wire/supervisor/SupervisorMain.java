package wire.supervisor;

import java.time.Duration;
import java.util.List;

/**
 * The supervisor's own entry point: {@code wire daemon --all-sessions --foreground} as the
 * detaching start and the systemd/launchd unit run it ({@link SelfCommand#supervisor}). It takes
 * only the options those pass on ({@code --registry-poll S}, {@code --no-registry-watch}) and
 * never loads the CLI: picocli's command tree would stay in the long-running daemon's metaspace
 * for nothing (docs/performance.md, daemon memory). People type {@code wire daemon ...}, which
 * takes every option and lands in the same {@link Daemons#runSupervisor}.
 */
public final class SupervisorMain {
    static final String USAGE = "usage: " + SupervisorMain.class.getName()
            + " [--registry-poll S] [--no-registry-watch]  (or: wire daemon --all-sessions --foreground ...)";

    private SupervisorMain() {}

    public static void main(String[] args) {
        RegistryOptions options;
        try {
            options = parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("wire supervisor: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.exit(Daemons.runSupervisor(System.getenv(), true, options));
    }

    /** The options, or an exception naming the argument that is wrong. */
    static RegistryOptions parse(List<String> args) {
        Duration poll = RegistryOptions.DEFAULTS.poll();
        boolean watch = true;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--registry-poll" -> {
                    if (i + 1 == args.size()) {
                        throw new IllegalArgumentException("--registry-poll needs a number of seconds");
                    }
                    poll = seconds(args.get(++i));
                }
                case "--no-registry-watch" -> watch = false;
                default -> throw new IllegalArgumentException("unknown argument " + args.get(i));
            }
        }
        return new RegistryOptions(poll, watch);
    }

    private static Duration seconds(String text) {
        try {
            long s = Long.parseLong(text);
            if (s > 0) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--registry-poll must be a positive whole number of seconds, not " + text);
    }
}
