package io.jsuper.jsuperd.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Builds a watcher's environment from Circus-style {@code env = A=1, B=2} and its {@code [env:NAME]} section. */
final class EnvBinder {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final String ALLOWED = "NAME=value items separated by commas or new lines, e.g. env = A=1, B=2";

    private EnvBinder() {
    }

    /** {@code [env:NAME]} keys override the {@code env} option's items. */
    static Map<String, String> bind(SectionValues watcher, SectionValues envSection) {
        Map<String, String> env = new LinkedHashMap<>();
        RawEntry option = watcher.section().get("env");
        if (option != null) {
            // Split before expanding, so that an expanded variable holding a comma stays one value.
            for (String item : option.value().split("[,\n]")) {
                addItem(item.strip(), option, watcher, env);
            }
        }
        if (envSection != null) {
            for (RawEntry e : envSection.section().entries().values()) {
                if (!NAME.matcher(e.key()).matches()) {
                    envSection.error(e.key(), "\"" + e.key() + "\" is not an environment variable name",
                            "letters, digits and _, not starting with a digit");
                    continue;
                }
                envSection.expand(e.value(), e).ifPresent(value -> env.put(e.key(), value));
            }
        }
        return env;
    }

    private static void addItem(String item, RawEntry option, SectionValues watcher, Map<String, String> env) {
        if (item.isEmpty()) {
            return;
        }
        int eq = item.indexOf('=');
        String name = eq < 0 ? item : item.substring(0, eq).strip();
        if (eq < 0 || !NAME.matcher(name).matches()) {
            watcher.error("env", Converters.quote(item) + " is not a NAME=value item", ALLOWED);
            return;
        }
        watcher.expand(item.substring(eq + 1).strip(), option).ifPresent(value -> env.put(name, value));
    }
}
