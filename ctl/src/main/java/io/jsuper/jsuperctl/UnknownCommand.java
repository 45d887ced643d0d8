package io.jsuper.jsuperctl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The message for a command word jsuperctl does not know, with the closest commands as suggestions. */
final class UnknownCommand {
    private UnknownCommand() {
    }

    static String message(String word, Collection<String> commands) {
        List<String> close = suggestions(word, commands);
        String hint = close.isEmpty() ? "; commands: " + String.join(", ", commands)
                : "; did you mean " + String.join(" or ", close) + "?";
        return "unknown command '" + word + "'" + hint;
    }

    /** Commands that start with the word, else the nearest ones within a third of its length in edit distance. */
    static List<String> suggestions(String word, Collection<String> commands) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        List<String> out = new ArrayList<>();
        if (w.length() >= 2) {
            commands.stream().filter(c -> c.startsWith(w)).forEach(out::add);
        }
        if (out.isEmpty()) {
            int best = Math.max(1, (w.length() + 2) / 3);
            for (String c : commands) {
                int d = distance(w, c);
                if (d < best) {
                    out.clear();
                    best = d;
                }
                if (d == best) {
                    out.add(c);
                }
            }
        }
        return out.size() > 3 ? out.subList(0, 3) : out;
    }

    /** Edit distance where swapping two neighbours counts as one edit (the commonest typo: stauts). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
