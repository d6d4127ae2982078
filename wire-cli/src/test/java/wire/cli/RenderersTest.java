package wire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The pure renderers, on JSON as the daemon sends it, with no daemon. */
class RenderersTest {
    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({
        "0, 0s",
        "0.1, 0.1s",
        "4.24, 4.2s",
        "9, 9s",
        "45, 45s",
        "59.9, 59s",
        "60, 1m",
        "303, 5m3s",
        "3600, 1h",
        "11520, 3h12m",
        "86400, 1d",
        "183600, 2d3h",
        "-5, 0s",
    })
    void durationsAreHumanised(double seconds, String expected) {
        assertEquals(expected, Durations.humanize(seconds));
    }

    @Test
    void oneDecimalRoundsAsFormatterDoes() {
        double[] edges = {0.05, 0.15, 0.25, 0.35, 0.45, 0.95, 1.05, 2.675, 9.94, 9.95, 9.96, 9.999, 1e-4, 9.9e-4, 1e-3,
            0.049999999999999996, Double.MIN_VALUE, Math.nextDown(10.0)};
        for (double x : edges) {
            assertEquals(String.format(Locale.ROOT, "%.1f", x), Durations.oneDecimal(x), "x = " + x);
        }
        Random r = new Random(20261123L);
        for (int i = 0; i < 100_000; i++) {
            double x = i % 2 == 0 ? r.nextDouble() * 10 : Math.round(r.nextDouble() * 100_000) / 10_000.0;
            assertEquals(String.format(Locale.ROOT, "%.1f", x), Durations.oneDecimal(x), "x = " + x);
        }
    }

    @Test
    void tableColumnsAreAsWideAsTheirWidestCellWithNoTrailingBlanks() {
        String text = new Table("A", "LONG HEADER", "C").row("wide cell", "x", "").row("b", "y", "z").render();
        assertEquals("""
                A          LONG HEADER  C
                wide cell  x
                b          y            z
                """, text);
    }

    @Test
    void listRendersTheSessionTable() {
        var list = FakeDaemon.json("""
                {"supervisor": {"root": "/r"}, "unmanaged": [{"pid": 77, "home_dir": "/r/sessions/x", "cmdline": "wire daemon"}],
                 "sessions": [
                  {"name": "api", "state": "running", "desired": "up", "owner": "supervisor", "pid": 4242, "uptime_secs": 11520,
                   "restart_count": 0, "last_exit": null, "next_start_in_secs": null, "ineligible_reason": null, "stale_binary": false},
                  {"name": "crashy", "state": "backoff", "desired": "up", "owner": null, "pid": null, "uptime_secs": null,
                   "restart_count": 4, "last_exit": {"code": 3, "signal": null, "at": "2025-01-01T00:00:00Z", "lived_secs": 0.1},
                   "next_start_in_secs": 7.2, "ineligible_reason": null, "stale_binary": false},
                  {"name": "old", "state": "ineligible", "desired": "up", "owner": null, "pid": null, "uptime_secs": null,
                   "restart_count": 0, "last_exit": {"code": null, "signal": "KILL", "lived_secs": 3600}, "next_start_in_secs": null,
                   "ineligible_reason": "unbound and idle for 30 days", "stale_binary": true}]}""");
        assertEquals("""
                SESSION  STATE       PID   UPTIME  RESTARTS  LAST EXIT         OWNER       NOTE
                api      running     4242  3h12m   0         -                 supervisor
                crashy   backoff     -     -       4         code 3 (0.1s)     -           next start in 8s
                old      ineligible  -     -       0         signal KILL (1h)  -           unbound and idle for 30 days; stale binary
                unmanaged: pid 77 in /r/sessions/x: wire daemon
                """, ListRenderer.render(list));
    }

    @Test
    void aSessionThatCannotStartSaysWhyInTheNote() {
        var session = FakeDaemon.json("""
                {"name": "broken", "state": "backoff", "next_start_in_secs": 1.5,
                 "last_error": {"message": "spawn /nope: No such file or directory (cwd /tmp)", "at": "2025-01-01T00:00:00Z"}}""");
        assertEquals("cannot start: spawn /nope: No such file or directory (cwd /tmp); next start in 2s",
                ListRenderer.note(session));
        assertTrue(StatusRenderer.render(session).contains(
                "last_error:         spawn /nope: No such file or directory (cwd /tmp) at 2025-01-01T00:00:00Z"),
                StatusRenderer.render(session));
    }

    @Test
    void notesAndListsKeepTheirSeparatorsWhenAnItemIsEmpty() {
        assertEquals("; stale binary; desired down", ListRenderer.note(FakeDaemon.json("""
                {"state": "ineligible", "ineligible_reason": "", "stale_binary": true, "desired": "down"}""")));
        assertEquals("", ListRenderer.note(FakeDaemon.json("{\"state\": \"running\", \"stale_binary\": false}")));
        assertEquals("command: \n", StatusRenderer.render(FakeDaemon.json("{\"command\": [\"\"]}")));
        assertEquals("command:  x 1\n", StatusRenderer.render(FakeDaemon.json("{\"command\": [\"\", \"x\", 1]}")));
    }

    @Test
    void emptyListSaysHowToAddASession() {
        var text = ListRenderer.render(FakeDaemon.json("{\"supervisor\": {\"root\": \"/r\"}, \"sessions\": [], \"unmanaged\": []}"));
        assertEquals("no sessions under /r/sessions (add one with: wire session new NAME -- CMD ARGS...)\n", text);
    }

    @Test
    void lastExitOfAnAdoptedChildIsUnknownNotZero() {
        assertEquals("unknown (5s)", ListRenderer.lastExit(FakeDaemon.json("{\"code\": null, \"signal\": null, \"lived_secs\": 5}")));
    }

    @Test
    void statusRendersEveryFieldAsAlignedKeyValueLines() {
        var status = FakeDaemon.json("""
                {"name": "api", "state": "running", "pid": 4242, "uptime_secs": 75, "last_exit":
                 {"code": null, "signal": "TERM", "at": "2025-01-01T00:00:00Z", "lived_secs": 2},
                 "command": ["sleep", "9"], "cwd": null, "future_field": true}""");
        assertEquals("""
                name:         api
                state:        running
                pid:          4242
                uptime_secs:  75 (1m15s)
                last_exit:    signal TERM (2s) at 2025-01-01T00:00:00Z
                command:      sleep 9
                cwd:          -
                future_field: true
                """, StatusRenderer.render(status));
    }

    @Test
    void singleTargetResultIsOneLine() {
        Rendered r = ResultRenderer.render(FakeDaemon.json("{\"name\": \"api\", \"state\": \"running\", \"pid\": 12}"));
        assertEquals(new Rendered("api: running (pid 12)\n", ExitCodes.OK), r);
    }

    @Test
    void bulkResultsAreOneLinePerSessionAndAnyFailureExits1() {
        Rendered ok = ResultRenderer.render(FakeDaemon.json("""
                {"results": [{"session": "a", "ok": true, "status": {"name": "a", "state": "stopped", "pid": null}},
                             {"session": "b", "ok": true, "status": {"name": "b", "state": "running", "pid": 5}}]}"""));
        assertEquals(new Rendered("a: stopped\nb: running (pid 5)\n", ExitCodes.OK), ok);
        Rendered failed = ResultRenderer.render(FakeDaemon.json("""
                {"results": [{"session": "ghost", "ok": false, "error": {"code": -32001, "message": "no session named 'ghost'"}}]}"""));
        assertEquals(new Rendered("ghost: error -32001 no session named 'ghost'\n", ExitCodes.FAILED), failed);
    }

    @Test
    void reloadListsEachKindAndEveryProblemWithItsPath() {
        Rendered r = ReloadRenderer.render(FakeDaemon.json("""
                {"added": ["new"], "removed": [], "changed": ["a", "b"], "unchanged": ["c"],
                 "invalid": [{"session": "bad", "errors": [{"path": "$.restart", "message": "expected one of always, on-failure, never"},
                                                          {"path": "$.env.WIRE_X", "message": "WIRE_* variables are reserved"}]}]}"""));
        assertEquals("""
                added: new
                removed: -
                changed: a, b
                unchanged: c
                invalid: bad
                  bad: $.restart: expected one of always, on-failure, never
                  bad: $.env.WIRE_X: WIRE_* variables are reserved
                """, r.text());
        assertEquals(ExitCodes.FAILED, r.exitCode());
    }

    @Test
    void reloadWithNothingInvalidExits0() {
        Rendered r = ReloadRenderer.render(FakeDaemon.json(
                "{\"added\": [], \"removed\": [], \"changed\": [], \"unchanged\": [\"a\"], \"invalid\": []}"));
        assertEquals(ExitCodes.OK, r.exitCode());
    }
}
