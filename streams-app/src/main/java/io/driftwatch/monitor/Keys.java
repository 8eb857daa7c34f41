package io.driftwatch.monitor;

/**
 * Store key layouts. Parts are joined with NUL (sorts before every other character, so a range
 * {@code prefix + NUL .. prefix + SOH} holds exactly the keys under {@code prefix}); times are
 * zero-padded to 19 digits so string order is time order.
 */
final class Keys {

    static final char SEP = '\u0000';
    static final char AFTER = '\u0001';

    private Keys() {
    }

    static String time(long millis) {
        if (millis < 0) {
            String s = Long.toString(millis);
            return "0".repeat(Math.max(0, 19 - s.length())) + s;
        }
        // several per matched pair: one allocation instead of three
        char[] digits = new char[19];
        for (int i = 18; i >= 0; i--) {
            digits[i] = (char) ('0' + millis % 10);
            millis /= 10;
        }
        return new String(digits);
    }

    static String join(String... parts) {
        return String.join(String.valueOf(SEP), parts);
    }

    /** First key of the range of keys that start with {@code prefix + SEP}. */
    static String from(String prefix) {
        return prefix + SEP;
    }

    /** Last key (inclusive bound) of the range of keys that start with {@code prefix + SEP}. */
    static String to(String prefix) {
        return prefix + AFTER;
    }

    static String[] split(String key) {
        return key.split(String.valueOf(SEP), -1);
    }
}
