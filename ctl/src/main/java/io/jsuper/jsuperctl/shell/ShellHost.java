package io.jsuper.jsuperctl.shell;

import io.jsuper.jsuperctl.ApiClient;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** What the interactive shell needs from the client: run a line, reach the daemon, know the commands. */
public interface ShellHost {
    /** Runs one line's words as a jsuperctl command; returns its exit code. */
    int execute(List<String> words);

    /** A client for the endpoint chosen by the global options (may throw a CtlException). */
    ApiClient client();

    /** Every command word in help order with its options; the key "" holds the global options. */
    Map<String, List<String>> commandOptions();

    PrintWriter out();

    PrintWriter err();

    Map<String, String> env();
}
