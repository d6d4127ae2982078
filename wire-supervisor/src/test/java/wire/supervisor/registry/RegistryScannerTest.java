package wire.supervisor.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wire.supervisor.core.AtomicFiles;
import wire.supervisor.core.SessionEntry;

/** A pass that is told nothing changed reuses the last parse of a file whose identity is unchanged, and only then. */
class RegistryScannerTest {
    // The same length, so an in-place rewrite keeps the size.
    private static final String ON = "{\"autostart\": true }";
    private static final String OFF = "{\"autostart\": false}";

    @TempDir
    Path root;

    private Path spec;
    private RegistryScanner scanner;

    @BeforeEach
    void setUp() throws IOException {
        spec = Files.createDirectories(root.resolve("sessions").resolve("api")).resolve("session.json");
        Files.writeString(spec, ON);
        scanner = new RegistryScanner(root, IdleFilter.fromEnv("7"), InstantSource.system());
    }

    private static boolean autostart(List<SessionEntry> entries) {
        return entries.getFirst().spec().autostart();
    }

    @Test
    void aFileWithTheSameInodeSizeAndMtimeKeepsItsParseUnlessItsSessionIsNamed() throws IOException {
        assertTrue(autostart(scanner.scan(name -> false)));
        FileTime mtime = Files.getLastModifiedTime(spec);
        Files.writeString(spec, OFF, StandardOpenOption.TRUNCATE_EXISTING);
        Files.setLastModifiedTime(spec, mtime);

        assertTrue(autostart(scanner.scan(name -> false)), "nothing says the file changed: the last parse stands");
        assertFalse(autostart(scanner.scan(name -> name.equals("api"))), "named: read again");
        Files.writeString(spec, ON, StandardOpenOption.TRUNCATE_EXISTING);
        Files.setLastModifiedTime(spec, mtime);
        assertTrue(autostart(scanner.scan()), "a full reload reads every file");
    }

    @Test
    void aNewMtimeOrANewInodeIsReadWithoutBeingNamed() throws IOException {
        assertTrue(autostart(scanner.scan(name -> false)));
        Files.writeString(spec, OFF, StandardOpenOption.TRUNCATE_EXISTING);
        Files.setLastModifiedTime(spec, FileTime.from(Instant.now().plusSeconds(5)));
        assertFalse(autostart(scanner.scan(name -> false)));

        FileTime mtime = Files.getLastModifiedTime(spec);
        AtomicFiles.write(spec, ON.getBytes());
        Files.setLastModifiedTime(spec, mtime);
        assertTrue(autostart(scanner.scan(name -> false)), "renamed into place: another inode");
    }

    @Test
    void theIdleVerdictOfAnUnboundSessionIsReckonedOnEveryPassEvenFromAKeptParse() throws IOException {
        SessionEntry before = scanner.scan(name -> false).getFirst();
        assertFalse(before.eligible(), before.toString());
        Path state = Files.createDirectories(spec.resolveSibling("state").resolve("wire"));
        Files.writeString(state.resolve("notify.cursor"), "1");

        SessionEntry after = scanner.scan(name -> false).getFirst();
        assertTrue(after.eligible(), after.toString());
        assertNull(after.ineligibleReason());
    }

    @Test
    void aFileThatTurnsIntoGarbageOrDisappearsIsNotServedFromTheKeptParse() throws IOException {
        scanner.scan(name -> false);
        Files.writeString(spec, "{\"autostart\": tru", StandardOpenOption.TRUNCATE_EXISTING);
        SessionEntry garbage = scanner.scan(name -> false).getFirst();
        assertNull(garbage.spec(), garbage.toString());

        Files.delete(spec);
        SessionEntry none = scanner.scan(name -> false).getFirst();
        assertEquals(wire.protocol.SessionSpec.defaults(), none.spec());
    }
}
