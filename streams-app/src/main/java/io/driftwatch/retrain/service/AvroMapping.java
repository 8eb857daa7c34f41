package io.driftwatch.retrain.service;

import java.util.HashMap;
import java.util.List;

import io.driftwatch.avro.CandidateResult;
import io.driftwatch.avro.CriterionResult;
import io.driftwatch.avro.SearchDimension;
import io.driftwatch.avro.ValidationMetrics;
import io.driftwatch.forecast.backtest.BacktestResult;
import io.driftwatch.retrain.search.CandidateScore;
import io.driftwatch.retrain.search.ModelSelection;
import io.driftwatch.retrain.search.SearchSpace;
import io.driftwatch.retrain.validation.Criterion;

/** Maps the pure search and validation results to their Avro contracts. */
final class AvroMapping {

    private AvroMapping() {
    }

    static ValidationMetrics metrics(BacktestResult r) {
        return ValidationMetrics.newBuilder().setRmse(r.rmse()).setMae(r.mae()).setMape(r.mape()).setBias(r.bias())
            .setErrorStd(r.errorStd()).setCi95Coverage(r.coverage()).setInferenceTimeMs(r.inferenceTimeMs())
            .setN(r.n()).build();
    }

    static CandidateResult candidate(CandidateScore s) {
        return CandidateResult.newBuilder().setAlgorithm(s.candidate().algorithm())
            .setParams(new HashMap<>(s.candidate().params())).setMetrics(metrics(s.metrics())).build();
    }

    static CandidateResult candidate(CandidateScore s, ModelSelection.Result selection) {
        double aicc = selection.aiccOf(s.candidate());
        return CandidateResult.newBuilder(candidate(s)).setAicc(Double.isFinite(aicc) ? aicc : null).build();
    }

    static CriterionResult criterion(Criterion c) {
        return CriterionResult.newBuilder()
                .setName(c.name())
                .setValue(Double.isNaN(c.value()) ? null : c.value())
                .setThreshold(c.threshold())
                .setComparison(c.comparison())
                .setPassed(c.passed())
                .setDetail(c.detail())
                .build();
    }

    static List<SearchDimension> dimensions(SearchSpace space) {
        return space.dimensions().stream()
            .map(d -> SearchDimension.newBuilder().setName(d.name()).setValues(d.values()).build()).toList();
    }
}
