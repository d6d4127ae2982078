package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md, "Singleton", under a race: two daemons started at the same moment on one root leave
 * exactly one serving (the one {@code supervisor.pid} names) and the other exits 0. The
 * one-after-the-other cases are in {@link SingletonIT}.
 */
class SingletonRaceIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void twoDaemonsRacingForOneRootLeaveExactlyOneServing() throws Exception {
        for (int round = 0; round < 3; round++) {
            List<Process> racers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                racers.add(sandbox.launch(List.of("daemon", "--all-sessions", "--foreground"),
                        sandbox.root().resolve("race-" + round + "-" + i + ".out")));
            }
            Awaits.await().until(() -> racers.stream().filter(Process::isAlive).count() == 1
                    && Supervisors.answers(sandbox.socket()));
            Process loser = racers.stream().filter(p -> !p.isAlive()).findFirst().orElseThrow();
            Process winner = racers.stream().filter(Process::isAlive).findFirst().orElseThrow();
            assertEquals(0, loser.exitValue());
            assertEquals(List.of(winner.pid()), Supervisors.of(sandbox.root()));
            assertTrue(Files.readString(sandbox.root().resolve("supervisor.pid")).contains("\"pid\":" + winner.pid()));
            winner.destroyForcibly();
            winner.waitFor();
        }
    }
}
