package wire.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import wire.protocol.RpcException;

/**
 * The machine-level facts the outlive tests check: which supervisor JVMs serve a root, which live
 * processes each session has, signals sent the way a person would with {@code kill}.
 */
final class Supervisors {
    /** The supervisor's own entry point, as it shows in a command line. */
    private static final String SUPERVISOR_MAIN = "wire.supervisor.SupervisorMain";

    private Supervisors() {}

    /**
     * Live supervisors whose environment names this root: {@code wire daemon --all-sessions} as
     * the tests start it, or its own entry point as the detaching start and the service run it.
     */
    static List<Long> of(Path root) {
        String entry = "WIRE_ROOT=" + root;
        List<Long> found = new ArrayList<>();
        for (long pid : Procs.allPids()) {
            String cmdline = Procs.cmdline(pid);
            boolean supervisor = cmdline.contains("daemon --all-sessions") || cmdline.contains(SUPERVISOR_MAIN);
            if (Procs.alive(pid) && supervisor
                    && Procs.environ(pid).map(env -> env.contains(entry)).orElse(false)) {
                found.add(pid);
            }
        }
        return found;
    }

    /** Kills (SIGKILL) every supervisor of this root; for daemons the sandbox did not start itself. */
    static void killAll(Path root) {
        for (long pid : of(root)) {
            Procs.killHard(pid);
        }
    }

    /** Live processes per session, found by {@code WIRE_HOME} in /proc/PID/environ (zombies excluded). */
    static Map<String, List<Long>> processesBySession(WireSandbox sandbox, List<String> sessions) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (String s : sessions) {
            Path home = sandbox.home(s);
            out.put(s, Procs.withWireHomeUnder(home).stream()
                    .filter(pid -> Procs.environ(pid).map(e -> e.contains("WIRE_HOME=" + home)).orElse(false))
                    .filter(Procs::alive)
                    .toList());
        }
        return out;
    }

    /** Sends a signal by name ({@code TERM}, {@code INT}, {@code HUP}, {@code KILL}) with kill(1). */
    static void signal(long pid, String name) {
        try {
            Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }


    /** Every session of {@code list}, by name. */
    static Map<String, JsonNode> list(WireSandbox sandbox) throws RpcException {
        Map<String, JsonNode> out = new TreeMap<>();
        sandbox.call("list", null).path("sessions").forEach(s -> out.put(s.path("name").asText(), s));
        return out;
    }

    /** True when the socket file exists and a {@code version} call is answered. */
    static boolean answers(Path socket) {
        try (RawClient c = new RawClient(socket)) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"version\"}\n");
            String line = c.readLine();
            return line != null && line.contains("\"result\"");
        } catch (IOException e) {
            return false;
        }
    }



    /** A socket file with nothing listening, as a daemon killed with SIGKILL leaves it. */
    static void staleSocket(Path socket) throws Exception {
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(socket));
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            throw new AssertionError("no stale socket file at " + socket);
        }
    }
}
