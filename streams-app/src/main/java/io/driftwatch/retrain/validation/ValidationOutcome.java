package io.driftwatch.retrain.validation;

import java.util.List;

/**
 * The verdict of a validation and every criterion behind it.
 *
 * @param approved true if the candidate may be promoted
 * @param criteria every criterion, in a fixed order
 * @param againstCurrent false when there was no usable current config (the "sane candidate" rule applied)
 */
public record ValidationOutcome(boolean approved, List<Criterion> criteria, boolean againstCurrent) {

    public ValidationOutcome {
        criteria = List.copyOf(criteria);
    }

    /** Names of the failed criteria, for messages. */
    public List<String> failed() {
        return criteria.stream().filter(c -> !c.passed()).map(Criterion::name).toList();
    }
}
