package io.driftwatch.forecast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our maximum likelihood fits against R's {@code forecast::ets} (R 4.2.2, forecast 8.20), member
 * by member. The reference, {@code reference/ets/r_ets_members.csv}, is R's fit of every
 * admissible member to the training part (the first n points; the last h held out, as in
 * docs/forecaster.md's evaluation) of fdeaths, ldeaths, mdeaths, wineind, Seatbelts_rear and
 * JohnsonJohnson, written from bench/eval by
 * {@code Rscript ets-members.R <that file> fdeaths ldeaths mdeaths wineind Seatbelts_rear JohnsonJohnson}.
 *
 * <p>R's {@code fit$loglik} leaves out the Gaussian constant -n/2 (log(2 pi / n) + 1) of ours,
 * and its AICc the same constant times -2; with it added, our likelihood at R's parameters and
 * initial states is R's number. Our fit must reach R's likelihood for every member, and the
 * member {@link AutoEts} chooses must have an AICc no higher than the best of R's members: the
 * likelihoods that rank the members must be close enough to the maxima not to miss the best one.
 */
class EtsRReferenceTest {

    private static final double TOLERANCE = 1e-3;

    record Row(String series, int m, int n, EtsType type, double logLik, double aicc, double alpha, double beta,
               double gamma, double phi, double l0, double b0, double[] seasonals) {
        @Override
        public String toString() {
            return series + " " + type.code();
        }
    }

    static List<Row> rows() throws IOException {
        List<String> lines = EtsReferenceTest.resource("r_ets_members.csv");
        List<Row> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            double[] seas = c[12].isBlank() ? new double[0]
                    : Arrays.stream(c[12].split(";")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
            out.add(new Row(c[0], Integer.parseInt(c[1]), Integer.parseInt(c[2]), EtsType.parse(c[3]), d(c[4]), d(c[5]),
                    d(c[6]), d(c[7]), d(c[8]), d(c[9]), d(c[10]), d(c[11]), seas));
        }
        return out;
    }

    static Stream<Row> members() throws IOException {
        return rows().stream();
    }

    static Stream<String> series() throws IOException {
        return rows().stream().map(Row::series).distinct();
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }

    private static double[] training(Row r) throws IOException {
        return Arrays.copyOf(EtsReferenceTest.load(r.series()), r.n());
    }

    /** Ours minus R's log-likelihood for the same fit. */
    private static double constant(int n) {
        return -0.5 * n * (Math.log(2 * Math.PI / n) + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("members")
    void ourLikelihoodAtRsFitIsRs(Row r) throws IOException {
        double ll = EtsEstimator.logLik(training(r), r.m(), r.type(), r.alpha(), r.beta(), r.gamma(), r.phi(), r.l0(),
                r.b0(), r.seasonals());
        assertThat(ll - constant(r.n())).isCloseTo(r.logLik(), within(1e-6 * Math.abs(r.logLik())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("members")
    void ourFitReachesRsLikelihood(Row r) throws IOException {
        EtsFit fit = EtsEstimator.fit(training(r), r.m(), r.type());
        assertThat(fit.logLik() - constant(r.n())).isGreaterThanOrEqualTo(r.logLik() - TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("series")
    void chosenMemberIsAtLeastAsGoodAsRsByAicc(String series) throws IOException {
        List<Row> own = rows().stream().filter(r -> r.series().equals(series)).toList();
        Row first = own.get(0);
        double rBest = own.stream().mapToDouble(Row::aicc).min().orElseThrow();
        AutoEts.Selection sel = AutoEts.select(training(first), first.m());
        double ours = sel.best().aicc() + 2 * constant(first.n());
        assertThat(ours).as("AICc of %s", sel.best().type()).isLessThanOrEqualTo(rBest + TOLERANCE);
    }
}
