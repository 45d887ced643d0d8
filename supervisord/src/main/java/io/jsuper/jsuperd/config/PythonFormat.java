package io.jsuper.jsuperd.config;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code %(name)s} / {@code %(name)02d} formatting as supervisord applies it to option values.
 * The result is escaped for jsuper's own {@link Interpolator} ({@code %} becomes {@code %%}), which
 * reads every value once more.
 */
final class PythonFormat {

    private static final Pattern REFERENCE = Pattern.compile("%%|%\\(([^)]*)\\)([-#0 +]*\\d*(?:\\.\\d+)?)([sdirfxXo])?");

    private PythonFormat() {
    }

    /**
     * Expands {@code text}; {@code lookup} returns a name's value (String or Integer) or null when unknown.
     * Throws {@link InvalidValueException} naming the first unknown or malformed reference.
     */
    static String expand(String text, Function<String, Object> lookup) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(escape(text.substring(last, m.start())));
            last = m.end();
            if (m.group().equals("%%")) {
                out.append("%%");
                continue;
            }
            String name = m.group(1);
            if (m.group(3) == null) {
                throw new InvalidValueException("%(" + name + ") has no conversion letter",
                        "%(" + name + ")s or %(" + name + ")d, as supervisord reads it; %% for a literal %");
            }
            Object value = lookup.apply(name);
            if (value == null && name.startsWith("ENV_")) {
                throw new InvalidValueException("%(" + name + ")s: environment variable " + name.substring(4)
                        + " is not set", "a variable set in jsuperd's environment (supervisord refuses an unset one too)");
            }
            if (value == null) {
                throw new InvalidValueException("unknown reference %(" + name + ")" + m.group(2) + m.group(3),
                        "one of %(program_name)s, %(process_num)d, %(group_name)s, %(numprocs)d, %(host_node_name)s, "
                                + "%(here)s, %(ENV_NAME)s");
            }
            out.append(escape(format(value, m.group(2), m.group(3), name)));
        }
        out.append(escape(text.substring(last)));
        if (out.length() > ConfigLimits.MAX_VALUE_CHARS) {
            throw new InvalidValueException("the value grows past " + ConfigLimits.MAX_VALUE_CHARS
                    + " characters once references are expanded", "a shorter value");
        }
        return out.toString();
    }

    private static String format(Object value, String flags, String conversion, String name) {
        switch (conversion) {
            case "d", "i" -> {
                long number;
                try {
                    number = value instanceof Integer i ? i : Long.parseLong(value.toString().strip());
                } catch (NumberFormatException e) {
                    throw new InvalidValueException("%(" + name + ")" + conversion + " needs a number, "
                            + Converters.quote(value.toString()) + " is not one", "%(" + name + ")s");
                }
                return String.format("%" + flags.replace("#", "") + "d", number);
            }
            case "s", "r" -> {
                return String.format("%" + flags.replace("0", "").replace("#", "") + "s", value);
            }
            default -> throw new InvalidValueException("%(" + name + ")" + flags + conversion + " is not supported",
                    "the conversions s and d");
        }
    }

    private static String escape(String s) {
        return s.replace("%", "%%");
    }

    /** The names supervisord offers in every value: here, host_node_name and ENV_X. */
    static Function<String, Object> common(RawEntry where, Map<String, String> environment) {
        return name -> {
            if (name.equals("here")) {
                return where.file().toAbsolutePath().getParent().toString();
            }
            if (name.equals("host_node_name")) {
                return HostName.get();
            }
            if (name.startsWith("ENV_")) {
                return environment.get(name.substring(4));
            }
            return null;
        };
    }

    /** The node name as Python's platform.node() gives it (uname -n). */
    static final class HostName {
        private HostName() {
        }

        static String get() {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }
    }
}
