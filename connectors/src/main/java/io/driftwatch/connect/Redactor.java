package io.driftwatch.connect;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Removes secrets (webhook URLs and their parts, tokens, passwords) from text that may reach a
 * log line, an exception or a DLQ header.
 */
public final class Redactor {
    static final String MASK = "[redacted]";
    private final List<String> secrets = new ArrayList<>();

    /** Adds a secret; blank ones are ignored. Longest secrets are replaced first. */
    public Redactor add(String secret) {
        if (secret != null && secret.length() >= 4) {
            secrets.add(secret);
            secrets.sort(Comparator.comparingInt(String::length).reversed());
        }
        return this;
    }

    /** Adds a URL and the parts of it that identify it (path, query). */
    public Redactor addUrl(URI url) {
        add(url.toString());
        add(url.getRawPath());
        add(url.getPath());
        add(url.getRawQuery());
        return this;
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }
}
