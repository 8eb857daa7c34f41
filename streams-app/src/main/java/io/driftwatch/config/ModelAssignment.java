package io.driftwatch.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.kafka.common.config.ConfigException;

/**
 * Which series each model forecasts: the setting {@value #SETTING} = {@code model_id=regex,...}
 * (default {@value #DEFAULT}), shared by the forecaster app and the retrain service so both agree.
 *
 * <p>Parse rules: entries are separated by commas that are followed by {@code model_id=} (so a
 * regex may itself contain commas, e.g. {@code a{1,3}}); a model id is letters, digits, {@code _},
 * {@code .} or {@code -}; a regex must match the whole series id. Entries keep their order:
 * {@link #modelFor} returns the first model whose regex matches. A model id may appear once.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * ModelAssignment m = ModelAssignment.parse("fx=USD.*,sales=tenant-\\d+/.*");
 * m.modelFor("USDCLP")          // Optional[fx]
 * m.assigns("sales", "tenant-1/total")  // true
 * }</pre>
 */
public final class ModelAssignment {

    public static final String SETTING = "forecaster.models";
    public static final String DEFAULT = "default=.*";
    public static final String DOC = "Which series each model forecasts: model_id=regex,... (regex matches the whole "
        + "series id; the first matching entry wins for a series). Shared by the forecasters and the retrain service.";

    private static final Pattern ENTRY_START = Pattern.compile("(?:^|,)\\s*([A-Za-z0-9_.-]+)=");

    private final Map<String, Pattern> models;

    private ModelAssignment(Map<String, Pattern> models) {
        this.models = models;
    }

    /**
     * Parses the setting.
     *
     * @throws ConfigException naming {@value #SETTING} and the bad entry
     */
    public static ModelAssignment parse(String text) {
        String s = text == null ? "" : text.trim();
        Matcher m = ENTRY_START.matcher(s);
        List<int[]> starts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            ids.add(m.group(1));
        }
        if (starts.isEmpty() || starts.get(0)[0] != 0) {
            int eq = s.indexOf('=');
            if (eq > 0 && s.substring(0, eq).contains(":")) {
                throw new ConfigException(
                        SETTING, text, "model ids are written without ':' (keys are model_id:horizon)");
            }
            throw new ConfigException(SETTING, text, "expected model_id=regex[,model_id=regex...]");
        }
        Map<String, Pattern> out = new LinkedHashMap<>();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : s.length();
            String regex = s.substring(starts.get(i)[1], end).trim();
            if (regex.isEmpty() || out.containsKey(ids.get(i))) {
                throw new ConfigException(SETTING, text, regex.isEmpty() ? "empty regex for model " + ids.get(i)
                    : "model " + ids.get(i) + " appears twice");
            }
            try {
                out.put(ids.get(i), Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(
                        SETTING, text, "bad regex for model " + ids.get(i) + ": " + e.getDescription());
            }
        }
        return new ModelAssignment(out);
    }

    /** The first model whose regex matches the whole series id. */
    public Optional<String> modelFor(String seriesId) {
        return models.entrySet().stream().filter(e -> e.getValue().matcher(seriesId).matches())
            .map(Map.Entry::getKey).findFirst();
    }

    /** True if {@code seriesId} is forecast by {@code modelId} (it is the first match). */
    public boolean assigns(String modelId, String seriesId) {
        return modelFor(seriesId).map(modelId::equals).orElse(false);
    }

    /** Model ids in declaration order. */
    public List<String> modelIds() {
        return List.copyOf(models.keySet());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        models.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v.pattern()));
        return sb.toString();
    }
}
