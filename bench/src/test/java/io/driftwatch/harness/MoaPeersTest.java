package io.driftwatch.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The peers run (MOA without its dependencies), see what they are fed, and calibrate to a false-flag target. */
class MoaPeersTest {

    @Test
    void inputIsTheCappedAbsoluteErrorInStatedSds() {
        // interval +-1.96 around 10: stated sd 1
        assertThat(MoaPeers.input(12, 10, 10 - 1.959963984540054, 10 + 1.959963984540054))
                .isCloseTo(0.5, within(1e-12));
        assertThat(MoaPeers.input(8, 10, 10 - 1.959963984540054, 10 + 1.959963984540054)).isCloseTo(0.5, within(1e-12));
        assertThat(MoaPeers.input(100, 10, 10 - 1.959963984540054, 10 + 1.959963984540054)).isEqualTo(1.0);
    }

    /**
     * Every peer at its default flags a jump of the error from 0 to 6 stated sds held for 200 days, and nothing before.
     */
    @Test
    void everyPeerFlagsAnObviousChangeAndNotBefore() {
        int days = 400;
        double[] actual = new double[days];
        double[] yhat = new double[days];
        double[] lower = new double[days];
        double[] upper = new double[days];
        for (int t = 0; t < days; t++) {
            yhat[t] = 100;
            lower[t] = 100 - 1.96;
            upper[t] = 100 + 1.96;
            actual[t] = t < 200 ? 100 + 0.2 * ((t % 3) - 1) : 106;
        }
        Series s = new Series("m", "s", Fleet.SALES_WEEKLY, Shape.LEVEL, true, 200, 1, actual, yhat, lower, upper);
        for (MoaPeers.Peer p : MoaPeers.PEERS.values()) {
            List<Flag> flags = MoaPeers.run(List.of(s), List.of(p.at(p.defaultValue())));
            assertThat(flags).as(p.name()).isNotEmpty();
            assertThat(flags.get(0).day()).as(p.name()).isBetween(201, 400);
            assertThat(flags.get(0).detector()).isEqualTo(p.name());
        }
    }

    @Test
    void calibrationStaysAtOrBelowTheTargetOnItsStableStreams() {
        List<Series> stable = Generator.generate(11, 30, 120, 100, 0, List.of(Fleet.SALES_WEEKLY), List.of());
        Scoring.Params params = new Scoring.Params(120, 30, 100, 28);
        MoaPeers.Peer ph = MoaPeers.peer("PageHinkleyDM");
        MoaPeers.Tuned tuned = MoaPeers.calibrate(ph, stable, params, 1.0);
        double rate = new Scoring(params, stable).perSeries(MoaPeers.run(stable, List.of(tuned)), Set.of(tuned.label()))
            .get(0).falsePerThousand();
        assertThat(rate).isLessThanOrEqualTo(1.0);
        assertThat(tuned.value()).isLessThan(ph.defaultValue()); // more sensitive than MOA's default on daily data
        assertThat(tuned.label()).isEqualTo("moa:PageHinkleyDM lambda=" + tuned.value());
    }
}
