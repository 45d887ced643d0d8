package io.jsuper.jsuperctl;

import io.jsuper.jsuperctl.cmd.AddCommand;
import io.jsuper.jsuperctl.cmd.AvailCommand;
import io.jsuper.jsuperctl.cmd.DaemonRestartCommand;
import io.jsuper.jsuperctl.cmd.ClearCommand;
import io.jsuper.jsuperctl.cmd.DecrCommand;
import io.jsuper.jsuperctl.cmd.DeployCommand;
import io.jsuper.jsuperctl.cmd.EventsCommand;
import io.jsuper.jsuperctl.cmd.FgCommand;
import io.jsuper.jsuperctl.cmd.GrepCommand;
import io.jsuper.jsuperctl.cmd.IncrCommand;
import io.jsuper.jsuperctl.cmd.ListCommand;
import io.jsuper.jsuperctl.cmd.MaintailCommand;
import io.jsuper.jsuperctl.cmd.NumprocessesCommand;
import io.jsuper.jsuperctl.cmd.PidCommand;
import io.jsuper.jsuperctl.cmd.ReloadCommand;
import io.jsuper.jsuperctl.cmd.RemoveCommand;
import io.jsuper.jsuperctl.cmd.ReopenLogsCommand;
import io.jsuper.jsuperctl.cmd.RereadCommand;
import io.jsuper.jsuperctl.cmd.RestartCommand;
import io.jsuper.jsuperctl.cmd.RollbackCommand;
import io.jsuper.jsuperctl.cmd.ShutdownCommand;
import io.jsuper.jsuperctl.cmd.SignalCommand;
import io.jsuper.jsuperctl.cmd.SocketsCommand;
import io.jsuper.jsuperctl.cmd.StartCommand;
import io.jsuper.jsuperctl.cmd.StatsCommand;
import io.jsuper.jsuperctl.cmd.StatusCommand;
import io.jsuper.jsuperctl.cmd.StopCommand;
import io.jsuper.jsuperctl.cmd.TailCommand;
import io.jsuper.jsuperctl.cmd.UpdateCommand;
import io.jsuper.jsuperctl.cmd.VersionCommand;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one list of subcommands, in the order {@code --help} shows them. A class of its own so that it is
 * initialised only when picocli runs: its initialiser links a constructor reference per command and loads
 * picocli's {@code CommandLine}, which the fast path of a plain {@code status} never needs. picocli is
 * compiled for Java 5, and Java 17's AppCDS cannot archive such classes, so every one it loads is read and
 * verified from the jar on each start (docs/cli.md#start-up-time).
 */
public final class CommandList {
    /** Subcommand name to a new instance; picocli reflects over each one registered, so register only what is needed. */
    static final Map<String, Supplier<Object>> ALL = Collections.unmodifiableMap(commands());

    private CommandList() {
    }

    /**
     * The whole command model, every subcommand registered: the build generates the man page and completion
     * from it, the shell its completion. Not on {@link Jsuperctl}: the launcher's look-up of {@code main}
     * resolves the types of every public method of the main class, and this one would load picocli.
     */
    public static CommandLine fullModel() {
        Jsuperctl root = new Jsuperctl(Map.of(), null, new String[0], false, new PrintWriter(System.out), new PrintWriter(System.err));
        CommandLine cl = new CommandLine(root);
        ALL.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        return cl;
    }

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("status", StatusCommand::new);
        m.put("start", StartCommand::new);
        m.put("stop", StopCommand::new);
        m.put("restart", RestartCommand::new);
        m.put("reload", ReloadCommand::new);
        m.put("signal", SignalCommand::new);
        m.put("pid", PidCommand::new);
        m.put("avail", AvailCommand::new);
        m.put("reread", RereadCommand::new);
        m.put("update", UpdateCommand::new);
        m.put("add", AddCommand::new);
        m.put("remove", RemoveCommand::new);
        m.put("list", ListCommand::new);
        m.put("incr", IncrCommand::new);
        m.put("decr", DecrCommand::new);
        m.put("numprocesses", NumprocessesCommand::new);
        m.put("shutdown", ShutdownCommand::new);
        m.put("daemon-restart", DaemonRestartCommand::new);
        m.put("version", VersionCommand::new);
        m.put("sockets", SocketsCommand::new);
        m.put("deploy", DeployCommand::new);
        m.put("rollback", RollbackCommand::new);
        m.put("tail", TailCommand::new);
        m.put("fg", FgCommand::new);
        m.put("grep", GrepCommand::new);
        m.put("maintail", MaintailCommand::new);
        m.put("clear", ClearCommand::new);
        m.put("reopen-logs", ReopenLogsCommand::new);
        m.put("events", EventsCommand::new);
        m.put("stats", StatsCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }
}
