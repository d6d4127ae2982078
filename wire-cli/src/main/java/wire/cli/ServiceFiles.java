package wire.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service definitions {@code wire supervisor install} writes, as pure text, and where they live.
 *
 * <p>Names: the systemd user unit is {@code wire-supervisor.service} (not {@code wire.service}: the
 * name says what runs, and does not collide with other software called "wire"); the launchd label
 * is {@code wire.supervisor}. Both always carry the resolved {@code WIRE_ROOT}, so the CLI can tell
 * whether the installed service is the one that owns the root it is working on
 * ({@link #installedFor}).
 */
final class ServiceFiles {
    static final String SYSTEMD_UNIT = "wire-supervisor.service";
    static final String LAUNCHD_LABEL = "wire.supervisor";
    /** Variables of the installing shell that the service must see the same way. */
    private static final List<String> PASSED_ON = List.of("WIRE_SOCKET", "WIRE_ALL_SESSIONS_MAX_IDLE_DAYS", "PATH");

    enum Manager {
        SYSTEMD("systemd user unit"),
        LAUNCHD("launchd agent");

        final String what;

        Manager(String what) {
            this.what = what;
        }

        /** The manager of this operating system, if wire supports one. */
        static Optional<Manager> current() {
            String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
            return os.startsWith("linux") ? Optional.of(SYSTEMD)
                    : os.startsWith("mac") ? Optional.of(LAUNCHD) : Optional.empty();
        }
    }

    private ServiceFiles() {}

    /** {@code ${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user/wire-supervisor.service}. */
    static Path systemdUnit(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : home(env).resolve(".config");
        return config.resolve("systemd").resolve("user").resolve(SYSTEMD_UNIT);
    }

    /** {@code $HOME/Library/LaunchAgents/wire.supervisor.plist}. */
    static Path launchdPlist(Map<String, String> env) {
        return home(env).resolve("Library").resolve("LaunchAgents").resolve(LAUNCHD_LABEL + ".plist");
    }

    static Path file(Manager m, Map<String, String> env) {
        return m == Manager.SYSTEMD ? systemdUnit(env) : launchdPlist(env);
    }

    private static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home);
    }

    /** The environment the service runs with: the resolved root, then what the shell had. */
    static Map<String, String> serviceEnv(Map<String, String> env, Path root) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("WIRE_ROOT", root.toString());
        for (String key : PASSED_ON) {
            String v = env.get(key);
            if (v != null && !v.isEmpty()) {
                out.put(key, v);
            }
        }
        return out;
    }

    static String render(Manager m, List<String> argv, Map<String, String> serviceEnv, Path root) {
        return m == Manager.SYSTEMD ? systemd(argv, serviceEnv) : launchd(argv, serviceEnv, root);
    }

    /**
     * The unit. {@code KillMode=process}: stopping or restarting the service signals the supervisor
     * alone, so its children keep running and the next supervisor adopts them. {@code Restart=always}
     * brings it back however it ended. The JVM ends with 143 after SIGTERM: a clean stop.
     */
    static String systemd(List<String> argv, Map<String, String> serviceEnv) {
        StringBuilder u = new StringBuilder();
        u.append("# Written by `wire supervisor install`; `wire supervisor uninstall` removes it.\n");
        u.append("[Unit]\n");
        u.append("Description=wire supervisor: keeps one daemon alive per session\n\n");
        u.append("[Service]\n");
        u.append("Type=simple\n");
        List<String> words = new ArrayList<>();
        for (String a : argv) {
            words.add(systemdWord(a, true));
        }
        u.append("ExecStart=").append(String.join(" ", words)).append('\n');
        serviceEnv.forEach((k, v) -> u.append("Environment=").append(systemdWord(k + "=" + v, false)).append('\n'));
        u.append("Restart=always\n");
        u.append("RestartSec=2\n");
        u.append("KillMode=process\n");
        u.append("SuccessExitStatus=143\n\n");
        u.append("[Install]\n");
        u.append("WantedBy=default.target\n");
        return u.toString();
    }

    /**
     * One word of a unit line: {@code %} is a specifier and {@code $} (in ExecStart) a variable, so
     * both are doubled; a word with anything but plain path characters is double-quoted.
     */
    static String systemdWord(String s, boolean exec) {
        String e = s.replace("%", "%%");
        if (exec) {
            e = e.replace("$", "$$");
        }
        if (e.matches("[A-Za-z0-9_./:=@+,%$-]+")) {
            return e;
        }
        return "\"" + e.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The agent: started at login, kept alive, and its children left alone when it stops. */
    static String launchd(List<String> argv, Map<String, String> serviceEnv, Path root) {
        String log = xml(root.resolve("supervisor.log").toString());
        StringBuilder p = new StringBuilder();
        p.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        p.append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
        p.append("<!-- Written by `wire supervisor install`; `wire supervisor uninstall` removes it. -->\n");
        p.append("<plist version=\"1.0\">\n<dict>\n");
        p.append("  <key>Label</key>\n  <string>").append(LAUNCHD_LABEL).append("</string>\n");
        p.append("  <key>ProgramArguments</key>\n  <array>\n");
        argv.forEach(a -> p.append("    <string>").append(xml(a)).append("</string>\n"));
        p.append("  </array>\n");
        p.append("  <key>EnvironmentVariables</key>\n  <dict>\n");
        serviceEnv.forEach((k, v) -> p.append("    <key>").append(xml(k)).append("</key>\n    <string>").append(xml(v))
                .append("</string>\n"));
        p.append("  </dict>\n");
        p.append("  <key>RunAtLoad</key>\n  <true/>\n");
        p.append("  <key>KeepAlive</key>\n  <true/>\n");
        p.append("  <key>AbandonProcessGroup</key>\n  <true/>\n");
        p.append("  <key>StandardOutPath</key>\n  <string>").append(log).append("</string>\n");
        p.append("  <key>StandardErrorPath</key>\n  <string>").append(log).append("</string>\n");
        p.append("</dict>\n</plist>\n");
        return p.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static final Pattern SYSTEMD_ROOT = Pattern.compile("(?m)^Environment=\"?WIRE_ROOT=(.*?)\"?$");
    private static final Pattern LAUNCHD_ROOT =
            Pattern.compile("<key>WIRE_ROOT</key>\\s*<string>([^<]*)</string>");

    /**
     * The installed service that runs the supervisor of {@code root}, if there is one: a unit or
     * agent file written by install (checked by file, never by asking the manager, so it costs no
     * process) whose {@code WIRE_ROOT} is this root.
     */
    static Optional<Manager> installedFor(Map<String, String> env, Path root) {
        for (Manager m : Manager.values()) {
            Path f = file(m, env);
            try {
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                Matcher matcher = (m == Manager.SYSTEMD ? SYSTEMD_ROOT : LAUNCHD_ROOT).matcher(Files.readString(f));
                if (matcher.find() && unescape(m, matcher.group(1)).equals(root.toString())) {
                    return Optional.of(m);
                }
            } catch (IOException | RuntimeException e) {
                // unreadable: not a service we can trust to come up
            }
        }
        return Optional.empty();
    }

    private static String unescape(Manager m, String s) {
        if (m == Manager.SYSTEMD) {
            return s.replace("\\\"", "\"").replace("\\\\", "\\").replace("%%", "%");
        }
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** How a person asks the manager about the service. */
    static String statusCommand(Manager m) {
        return m == Manager.SYSTEMD ? "systemctl --user status " + SYSTEMD_UNIT
                : "launchctl print gui/$(id -u)/" + LAUNCHD_LABEL;
    }
}
