package io.jsuper.jsuperd.logs;

/**
 * A line handed to the regex engine that counts every character the engine looks at and gives up past a
 * budget: java.util.regex backtracks, and {@code (a+)+$} on a long line would otherwise run for ages.
 * The budget is shared by all lines of one search.
 */
final class BoundedText implements CharSequence {

    /** Thrown when the search looked at more characters than allowed, or ran past its deadline. */
    static final class Exhausted extends RuntimeException {
        Exhausted(String why) {
            super(why, null, false, false);
        }
    }

    private final Budget budget;
    private final String text;

    BoundedText(Budget budget, String text) {
        this.budget = budget;
        this.text = text;
    }

    /** Characters and time one search may spend. */
    static final class Budget {
        private final long deadlineNanos;
        private final java.util.function.LongSupplier clock;
        private long left;

        Budget(long maxChars, long deadlineNanos, java.util.function.LongSupplier clock) {
            this.left = maxChars;
            this.deadlineNanos = deadlineNanos;
            this.clock = clock;
        }

        void spend() {
            if (--left < 0) {
                throw new Exhausted("examined too many characters");
            }
            if ((left & 0xFFFF) == 0 && clock.getAsLong() - deadlineNanos > 0) {
                throw new Exhausted("time limit reached");
            }
        }

        /** Ends the search when its deadline has passed (for scans that do not go through charAt). */
        void checkTime() {
            if (clock.getAsLong() - deadlineNanos > 0) {
                throw new Exhausted("time limit reached");
            }
        }

        boolean timeLeft() {
            return clock.getAsLong() - deadlineNanos < 0 && left > 0;
        }
    }

    @Override
    public char charAt(int index) {
        budget.spend();
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedText(budget, text.substring(start, end));
    }

    @Override
    public String toString() {
        return text;
    }
}
