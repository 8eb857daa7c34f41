package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FalseDiscovery} against statsmodels' multipletests (reference/false_discovery.py). */
class FalseDiscoveryTest {

    @Test
    void matchesStatsmodels() {
        JsonNode cases = Reference.load("false_discovery.json");
        for (JsonNode c : cases) {
            double[] p = Reference.doubles(c.get("p"));
            double alpha = c.get("alpha").asDouble();
            check(c.get("name").asText() + " BH", FalseDiscovery.reject(p, alpha, FalseDiscovery.Method.BH),
                c.get("fdr_bh"));
            check(c.get("name").asText() + " BY", FalseDiscovery.reject(p, alpha, FalseDiscovery.Method.BY),
                c.get("fdr_by"));
            assertThat(FalseDiscovery.benjaminiHochberg(p))
                .isEqualTo(FalseDiscovery.reject(p, alpha, FalseDiscovery.Method.BH).qValues());
            assertThat(FalseDiscovery.benjaminiYekutieli(p))
                .isEqualTo(FalseDiscovery.reject(p, alpha, FalseDiscovery.Method.BY).qValues());
        }
    }

    /**
     * Each partition reports only its p-values up to a bound >= q (shuffled, as partitions arrive
     * in any order): same rejections and, for the rejected tests, bit-identical q-values as the
     * procedure over all m; the others' q-values are upper bounds above q.
     */
    @Test
    void partialInputGivesTheFullProcedure() {
        JsonNode cases = Reference.load("false_discovery.json");
        Random rnd = new Random(3);
        int compared = 0;
        for (JsonNode c : cases) {
            double[] p = Reference.doubles(c.get("p"));
            for (FalseDiscovery.Method method : FalseDiscovery.Method.values()) {
                for (double q : new double[] {0.01, 0.05, 0.2}) {
                    for (double bound : new double[] {q, Math.min(1, 2 * q), 1.0}) {
                        FalseDiscovery.Result full = FalseDiscovery.reject(p, q, method);
                        List<Integer> keep = new ArrayList<>();
                        for (int i = 0; i < p.length; i++) {
                            if (p[i] <= bound) {
                                keep.add(i);
                            }
                        }
                        Collections.shuffle(keep, rnd);
                        double[] known = keep.stream().mapToDouble(i -> p[i]).toArray();
                        FalseDiscovery.Result part = FalseDiscovery.rejectPartial(known, p.length, q, method);
                        assertThat(part.rejections()).isEqualTo(full.rejections());
                        for (int j = 0; j < known.length; j++) {
                            int i = keep.get(j);
                            assertThat(part.rejected()[j]).isEqualTo(full.rejected()[i]);
                            if (full.rejected()[i]) {
                                assertThat(part.qValues()[j]).isEqualTo(full.qValues()[i]).isLessThanOrEqualTo(q);
                                compared++;
                            } else {
                                assertThat(part.qValues()[j]).isGreaterThanOrEqualTo(full.qValues()[i])
                                    .isGreaterThan(q);
                            }
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(200);
    }

    @Test
    void byHand() {
        // m = 4, sorted p = 0.01, 0.02, 0.03, 0.5: raw p m / i = 0.04, 0.04, 0.04, 0.5
        double[] q = FalseDiscovery.benjaminiHochberg(new double[] {0.5, 0.03, 0.01, 0.02});
        double[] want = {0.5, 0.04, 0.04, 0.04};
        for (int i = 0; i < want.length; i++) {
            assertThat(q[i]).isCloseTo(want[i], within(1e-15));
        }
        // BY: times c_4 = 25 / 12
        assertThat(FalseDiscovery.benjaminiYekutieli(new double[] {0.01, 0.5})[0]).isCloseTo(0.02 * 1.5, within(1e-15));
        FalseDiscovery.Result r = FalseDiscovery.rejectPartial(new double[] {0.001}, 1000, 0.05, FalseDiscovery.Method.BH);
        assertThat(r.rejected()).containsExactly(false); // 0.001 > 0.05 / 1000
        assertThat(r.qValues()[0]).isCloseTo(1.0, within(1e-12));
        assertThat(FalseDiscovery.rejectPartial(new double[] {0.0001}, 100, 0.05, FalseDiscovery.Method.BH).rejected())
            .containsExactly(true);
        assertThat(FalseDiscovery.reject(new double[0], 0.05, FalseDiscovery.Method.BY).rejections()).isZero();
        assertThatThrownBy(() -> FalseDiscovery.reject(new double[] {Double.NaN}, 0.05, FalseDiscovery.Method.BH))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FalseDiscovery.rejectPartial(new double[] {0.1, 0.2}, 1, 0.05, FalseDiscovery.Method.BH))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static void check(String what, FalseDiscovery.Result got, JsonNode want) {
        double[] q = Reference.doubles(want.get("q"));
        int rejections = 0;
        for (int i = 0; i < q.length; i++) {
            assertThat(got.qValues()[i]).as(what + " q[" + i + "]").isCloseTo(q[i], within(1e-12 * q[i]));
            boolean rej = want.get("reject").get(i).asBoolean();
            assertThat(got.rejected()[i]).as(what + " reject[" + i + "]").isEqualTo(rej);
            rejections += rej ? 1 : 0;
        }
        assertThat(got.rejections()).isEqualTo(rejections);
    }
}
