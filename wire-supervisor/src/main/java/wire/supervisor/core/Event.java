package wire.supervisor.core;

import java.util.List;
import wire.protocol.ReloadResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import wire.protocol.SessionStatus;
import wire.supervisor.process.ExitStatus;

/** What the loop's queue carries: commands from RPC handlers, exits from the watcher, wake-ups. */
sealed interface Event {
    /** A command with the future that answers it. */
    sealed interface Command<T> extends Event {
        CompletableFuture<T> reply();

        /** Read-only commands are still answered while shutting down. */
        default boolean mutates() {
            return true;
        }
    }

    record Start(String name, CompletableFuture<SessionStatus> reply) implements Command<SessionStatus> {}

    record Stop(String name, Optional<Long> graceSeconds, CompletableFuture<SessionStatus> reply)
            implements Command<SessionStatus> {}

    record Restart(String name, CompletableFuture<SessionStatus> reply) implements Command<SessionStatus> {}

    record StaleNames(CompletableFuture<List<String>> reply) implements Command<List<String>> {
        @Override
        public boolean mutates() {
            return false;
        }
    }

    record Reload(List<SessionEntry> entries, CompletableFuture<ReloadResult> reply) implements Command<ReloadResult> {}

    record Status(String name, CompletableFuture<SessionStatus> reply) implements Command<SessionStatus> {
        @Override
        public boolean mutates() {
            return false;
        }
    }

    record ListAll(CompletableFuture<List<SessionStatus>> reply) implements Command<List<SessionStatus>> {
        @Override
        public boolean mutates() {
            return false;
        }
    }

    record Shutdown(boolean stopSessions, CompletableFuture<List<String>> reply) implements Command<List<String>> {}

    /** From a watcher thread: process {@code pid} of session {@code name} ended. */
    record Exited(String name, long pid, ExitStatus status) implements Event {}

    /** Re-evaluate now (time moved on, or a test changed the world). */
    record Tick() implements Event {}
}
