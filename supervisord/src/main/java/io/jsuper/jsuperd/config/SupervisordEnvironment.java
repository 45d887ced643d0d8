package io.jsuper.jsuperd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * supervisord's {@code environment = A="1",B='x,y',C=3}: KEY=VALUE pairs split on commas, with single or
 * double quotes around values (or keys) that hold commas or equals signs, as its shlex-based parser reads them.
 */
final class SupervisordEnvironment {

    private static final String ALLOWED = "KEY=\"value\" pairs separated by commas, e.g. A=\"1\",B=\"two words\"";

    private SupervisordEnvironment() {
    }

    static Map<String, String> parse(String text, RawEntry where, ErrorList errors) {
        List<String> tokens = new ArrayList<>();
        List<Character> separators = new ArrayList<>();
        if (!tokenize(text, tokens, separators, where, errors)) {
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        int i = 0;
        while (i < tokens.size()) {
            if (i + 1 >= tokens.size() || separators.get(i) != '=') {
                errors.at(where, "\"" + tokens.get(i) + "\" has no =value", ALLOWED);
                return env;
            }
            env.put(tokens.get(i), tokens.get(i + 1));
            if (i + 1 < separators.size() && separators.get(i + 1) != ',' && separators.get(i + 1) != '\0') {
                errors.at(where, "after " + tokens.get(i) + "=" + tokens.get(i + 1) + " comes '" + separators.get(i + 1)
                        + "', not a comma", ALLOWED);
                return env;
            }
            i += 2;
        }
        return env;
    }

    /** Tokens and the separator after each (',' '=' or end); quotes group, whitespace outside quotes is dropped. */
    private static boolean tokenize(String text, List<String> tokens, List<Character> separators, RawEntry where,
                                    ErrorList errors) {
        StringBuilder token = new StringBuilder();
        boolean any = false;
        boolean spaceAfterToken = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (spaceAfterToken && c != ',' && c != '=' && !Character.isWhitespace(c)) {
                // shlex would make two tokens of "a b"; supervisord then refuses the line: never glue them
                errors.at(where, "unquoted space inside \"" + token + " " + text.substring(i).split("[,=]", 2)[0].strip()
                        + "\"", "quotes around a value with spaces, e.g. A=\"two words\"");
                return false;
            }
            if (Character.isWhitespace(c)) {
                spaceAfterToken = any;
                continue;
            }
            spaceAfterToken = false;
            if (c == '"' || c == '\'') {
                int end = text.indexOf(c, i + 1);
                if (end < 0) {
                    errors.at(where, "unclosed " + c + " quote", ALLOWED);
                    return false;
                }
                token.append(text, i + 1, end);
                any = true;
                i = end;
            } else if (c == ',' || c == '=') {
                if (c == ',' && !any && tokens.isEmpty() == false && separators.get(separators.size() - 1) == ',') {
                    continue; // ",," or a trailing comma
                }
                tokens.add(token.toString());
                separators.add(c);
                token.setLength(0);
                any = false;
            } else if (!Character.isWhitespace(c)) {
                token.append(c);
                any = true;
            }
        }
        if (any) {
            tokens.add(token.toString());
            separators.add('\0');
        } else if (!separators.isEmpty() && separators.get(separators.size() - 1) == ',') {
            separators.set(separators.size() - 1, '\0'); // trailing comma
        }
        return true;
    }
}
