package io.driftwatch.forecast.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which model id serves which series: an ordered list of {@code model_id=regex} rules; the first
 * rule whose regex matches the whole series id wins. A series no rule matches is not forecast.
 * Immutable.
 */
public final class ModelRoutes {

    /** One rule: {@code modelId} serves the series matching {@code series}. */
    public record Route(String modelId, Pattern series) {
    }

    private final List<Route> routes;

    private ModelRoutes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /**
     * Parses entries such as {@code fx=USDCLP} or {@code sales=.*:daily-sales} (split at the first
     * {@code =}; the model id may not contain {@code :}, which separates it from the horizon in
     * config keys).
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static ModelRoutes parse(List<String> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("at least one model_id=regex entry is needed");
        }
        List<Route> out = new ArrayList<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String id = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (id.isEmpty() || id.contains(":") || eq == entry.length() - 1) {
                throw new IllegalArgumentException("'" + entry + "' is not model_id=regex (model_id non-empty, without ':')");
            }
            try {
                out.add(new Route(id, Pattern.compile(entry.substring(eq + 1).trim())));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + entry + "' has a bad regex: " + e.getDescription(), e);
            }
        }
        return new ModelRoutes(out);
    }

    /** The model id serving {@code seriesId}, if any rule matches. */
    public Optional<String> modelFor(String seriesId) {
        for (Route r : routes) {
            if (r.series().matcher(seriesId).matches()) {
                return Optional.of(r.modelId());
            }
        }
        return Optional.empty();
    }

    public List<Route> routes() {
        return routes;
    }
}
