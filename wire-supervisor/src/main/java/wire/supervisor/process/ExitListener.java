package wire.supervisor.process;

/** Told once when a watched process ends. Runs on the watcher thread: hand off, do not block. */
@FunctionalInterface
public interface ExitListener {
    void exited(long pid, ExitStatus status);
}
