package io.driftwatch.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded streams with known changes. For every fleet: one stable model ({@code <fleet>-stable}, no change) and one
 * model per change shape ({@code <fleet>-<shape>}) in which the first {@code changedFraction} of the series change at
 * {@code changeDay}. Each series draws from its own random stream (seed, model, index), so a series is the same
 * whatever other fleets or shapes a run includes.
 */
public final class Generator {

    /** Weekly profile of the sales fleets (Monday..Sunday relative to the level). */
    private static final double[] WEEK = {0.85, 0.9, 0.95, 1.0, 1.1, 1.35, 0.85};
    private static final double Z95 = 1.959963984540054;
    /** 97.5% quantile of Student's t with 3 degrees of freedom. */
    private static final double T3_975 = 3.182446305284263;
    private static final double ORDER_P = 0.3;

    private Generator() {
    }

    public static List<Series> generate(long seed, int seriesPerModel, int days, int changeDay, double changedFraction,
                                        List<Fleet> fleets, List<Shape> shapes) {
        List<Series> out = new ArrayList<>();
        int changedPerModel = (int) Math.round(seriesPerModel * changedFraction);
        for (Fleet fleet : fleets) {
            List<Shape> models = new ArrayList<>();
            models.add(Shape.NONE);
            models.addAll(shapes.stream().filter(s -> s != Shape.NONE).toList());
            for (Shape shape : models) {
                String model = fleet.id + "-" + (shape == Shape.NONE ? "stable" : shape.id);
                for (int i = 0; i < seriesPerModel; i++) {
                    SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + model.hashCode() * 7_919L + i);
                    boolean changed = shape != Shape.NONE && i < changedPerModel;
                    out.add(series(
                            fleet, model, String.format("%s-%04d", model, i), shape, changed, days, changeDay, rnd));
                }
            }
        }
        return out;
    }

    static Series series(Fleet fleet, String model, String id, Shape shape, boolean changed, int days, int changeDay,
                         SplittableRandom rnd) {
        double[] actual = new double[days];
        double[] yhat = new double[days];
        double[] lower = new double[days];
        double[] upper = new double[days];
        Arrays.fill(yhat, Double.NaN);
        Arrays.fill(lower, Double.NaN);
        Arrays.fill(upper, Double.NaN);
        Shape applied = changed ? shape : Shape.NONE;
        double level = 50 + 100 * rnd.nextDouble();
        double phase = rnd.nextDouble() * 365.25;
        double noiseSd;
        if (fleet == Fleet.FX) {
            int h = fleet.horizonDays;
            noiseSd = Math.sqrt(h); // sd of the naive model's h-step error
            double walk = level;
            for (int d = 0; d < days; d++) {
                walk += applied.scale(d, changeDay) * rnd.nextGaussian();
                actual[d] = walk + applied.offset(d, changeDay) * noiseSd;
                if (d >= h) {
                    yhat[d] = actual[d - h];
                    lower[d] = yhat[d] - Z95 * noiseSd;
                    upper[d] = yhat[d] + Z95 * noiseSd;
                }
            }
        } else if (fleet == Fleet.INTERMITTENT) {
            double size = 5 * (1 + rnd.nextDouble()); // mean order size
            noiseSd = size * Math.sqrt(2 * ORDER_P - ORDER_P * ORDER_P);
            double q95 = size * Math.log(ORDER_P / 0.05); // P(order > q) = 0.05
            for (int d = 0; d < days; d++) {
                boolean rare = applied.scale(d, changeDay) > 1; // the same mean from orders 4x rarer and 4x larger
                double p = rare ? ORDER_P / 4 : ORDER_P;
                double mean = rare ? size * 4 : size;
                double orders = rnd.nextDouble() < p ? -mean * Math.log(1 - rnd.nextDouble()) : 0.0;
                actual[d] = orders + applied.offset(d, changeDay) * noiseSd;
                if (d >= 1) {
                    yhat[d] = ORDER_P * size;
                    lower[d] = 0;
                    upper[d] = q95;
                }
            }
        } else {
            noiseSd = 0.1 * level;
            double half = fleet == Fleet.HEAVY_TAILED ? T3_975 / Math.sqrt(3) * noiseSd : Z95 * noiseSd;
            for (int d = 0; d < days; d++) {
                double mean = level * WEEK[d % 7];
                if (fleet == Fleet.SALES_YEARLY) {
                    mean *= 1 + 0.3 * Math.sin(2 * Math.PI * (d + phase) / 365.25);
                }
                double e = fleet == Fleet.HEAVY_TAILED ? studentT3(rnd) / Math.sqrt(3) : rnd.nextGaussian();
                actual[d] = mean + applied.offset(d, changeDay) * noiseSd + applied.scale(d, changeDay) * noiseSd * e;
                if (d >= fleet.horizonDays) {
                    yhat[d] = mean;
                    lower[d] = mean - half;
                    upper[d] = mean + half;
                }
            }
        }
        return new Series(model, id, fleet, shape, changed, changeDay, noiseSd, actual, yhat, lower, upper);
    }

    /** Student's t with 3 degrees of freedom: Z / sqrt(chi2_3 / 3). Variance 3. */
    static double studentT3(SplittableRandom rnd) {
        double z = rnd.nextGaussian();
        double chi2 = 0;
        for (int i = 0; i < 3; i++) {
            double g = rnd.nextGaussian();
            chi2 += g * g;
        }
        return z / Math.sqrt(chi2 / 3);
    }
}
