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

    /** {@code join(time(millis), rest)} in one allocation: the key of a match entry, two per actual. */
    static String timeThen(long millis, String rest) {
        if (millis < 0) {
            return join(time(millis), rest);
        }
        char[] key = new char[20 + rest.length()];
        long m = millis;
        for (int i = 18; i >= 0; i--) {
            key[i] = (char) ('0' + m % 10);
            m /= 10;
        }
        key[19] = SEP;
        rest.getChars(0, rest.length(), key, 20);
        return new String(key);
    }

    static String join(String... parts) {
        // several per matched pair and per evaluated bucket: one exactly sized builder, not a StringJoiner
        int length = parts.length - 1;
        for (String part : parts) {
            length += part.length();
        }
        StringBuilder key = new StringBuilder(Math.max(0, length));
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                key.append(SEP);
            }
            key.append(parts[i]);
        }
        return key.toString();
    }

    /** {@code join(a, b)} without the array. */
    static String join(String a, String b) {
        return new StringBuilder(a.length() + 1 + b.length()).append(a).append(SEP).append(b).toString();
    }

    /** First key of the range of keys that start with {@code prefix + SEP}. */
    static String from(String prefix) {
        return prefix + SEP;
    }

    /** Last key (inclusive bound) of the range of keys that start with {@code prefix + SEP}. */
    static String to(String prefix) {
        return prefix + AFTER;
    }

    /** The parts of a key, as {@code key.split(SEP, -1)} (empty parts kept). */
    static String[] split(String key) {
        int n = 1;
        for (int i = key.indexOf(SEP); i >= 0; i = key.indexOf(SEP, i + 1)) {
            n++;
        }
        String[] parts = new String[n];
        int from = 0;
        for (int p = 0; p < n - 1; p++) {
            int to = key.indexOf(SEP, from);
            parts[p] = key.substring(from, to);
            from = to + 1;
        }
        parts[n - 1] = key.substring(from);
        return parts;
    }
}
