package io.driftwatch.retrain.validation;

/**
 * One validation criterion as reported: its value, the threshold, how they compare and the verdict.
 * Mirrors the Avro {@code CriterionResult}.
 *
 * @param name e.g. {@code rmse_improvement}
 * @param value the measured value (NaN when it cannot be computed)
 * @param threshold the configured threshold
 * @param comparison how value is compared with threshold: {@code >=}, {@code <=} or {@code <}
 * @param passed the verdict
 * @param detail how the criterion counts towards approval, or why it could not be computed
 */
public record Criterion(String name, double value, double threshold, String comparison, boolean passed, String detail) {

    static Criterion atLeast(String name, double value, double threshold, String detail) {
        return new Criterion(name, value, threshold, ">=", value >= threshold, detail);
    }

    static Criterion atMost(String name, double value, double threshold, String detail) {
        return new Criterion(name, value, threshold, "<=", value <= threshold, detail);
    }

    static Criterion below(String name, double value, double threshold, String detail) {
        return new Criterion(name, value, threshold, "<", value < threshold, detail);
    }
}
