package wire.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The supervisor's command line, built in one place for the detaching start and the service
 * unit ({@link SelfCommand#supervisor}) and read by {@link SupervisorMain}.
 */
class SupervisorCommandTest {
    @Test
    void theDetachedStartAndTheServiceUnitRunTheSameCommand() {
        List<String> detached = SelfCommand.supervisor(RegistryOptions.DEFAULTS);
        assertEquals(detached, Daemons.foregroundSupervisorCommand());
        int main = detached.indexOf(SupervisorMain.class.getName());
        assertTrue(main > 0, detached.toString());
        assertTrue(detached.subList(0, main).contains("-Xmx" + SelfCommand.SUPERVISOR_HEAP), detached.toString());
    }

    @Test
    void whatTheCommandPassesOnIsWhatTheEntryPointReads() {
        for (RegistryOptions options : List.of(RegistryOptions.DEFAULTS, new RegistryOptions(Duration.ofSeconds(7), false))) {
            List<String> argv = SelfCommand.supervisor(options);
            List<String> args = argv.subList(argv.indexOf(SupervisorMain.class.getName()) + 1, argv.size());
            assertEquals(options, SupervisorMain.parse(args));
        }
    }

    @Test
    void noArgumentsMeanTheDefaults() {
        assertEquals(RegistryOptions.DEFAULTS, SupervisorMain.parse(List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--registry-poll", "--registry-poll 0", "--registry-poll soon", "--all-sessions",
            "--foreground"})
    void aBadArgumentIsNamed(String args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SupervisorMain.parse(List.of(args.split(" "))));
        assertTrue(e.getMessage().contains(args.split(" ")[args.split(" ").length - 1]), e.getMessage());
    }
}
