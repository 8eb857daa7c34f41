package io.driftwatch.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;

/**
 * A synthetic but realistic scenario, reproducible from a seed: an FX rate (USD/CLP-like random
 * walk around 900, four ticks a day) and three tenants' daily sales with weekly seasonality, with a
 * regime change at {@code changeDay}: the rate starts trending (+3 a day, a little more volatile), which a
 * level-only model forecasts badly and a trend model fixes; sales levels jump 40%.
 */
public final class Scenario {

    public static final String RATE_SERIES = "USDCLP";
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final double[] WEEKLY = {0.8, 0.9, 1.0, 1.05, 1.25, 1.4, 0.6};

    private final Instant start;
    private final int days;
    private final int changeDay;
    private final long seed;

    public Scenario(Instant start, int days, int changeDay, long seed) {
        this.start = start;
        this.days = days;
        this.changeDay = changeDay;
        this.seed = seed;
    }

    public Instant start() {
        return start;
    }

    public int days() {
        return days;
    }

    public int changeDay() {
        return changeDay;
    }

    /** Start (UTC midnight) of day {@code d} of the scenario. */
    public Instant dayStart(int d) {
        return start.plusMillis(d * DAY_MS);
    }

    /** Four ticks a day; after the change a trend of +3 a day appears and volatility grows a little. */
    public List<RateEvent> rates() {
        SplittableRandom random = new SplittableRandom(seed);
        List<RateEvent> out = new ArrayList<>();
        double level = 900.0;
        for (int d = 0; d < days; d++) {
            boolean after = d >= changeDay;
            double sigma = after ? 3.5 : 3.0;
            double drift = after ? 3.0 : 0.0;
            for (int tick = 0; tick < 4; tick++) {
                level += drift / 4 + sigma / 2 * gaussian(random);
                Instant t = start.plusMillis(d * DAY_MS + (9 + 2L * tick) * 3_600_000L);
                out.add(RateEvent.newBuilder()
                        .setSeriesId(RATE_SERIES)
                        .setEventTime(t)
                        .setValue(round(level))
                        .setSource("demo")
                        .build());
            }
        }
        return out;
    }

    /** Sales of three tenants, one series each, with weekly seasonality; levels jump 40% after the change. */
    public List<SaleEvent> sales() {
        SplittableRandom random = new SplittableRandom(seed + 1);
        String[] tenants = {"acme", "globex", "initech"};
        double[] base = {40.0, 25.0, 60.0};
        List<SaleEvent> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            int dow = Math.floorMod((int) (start.toEpochMilli() / DAY_MS) + d + 3, 7); // 1970-01-01 was a Thursday
            for (int i = 0; i < tenants.length; i++) {
                double mean = base[i] * WEEKLY[dow] * (d >= changeDay ? 1.4 : 1.0);
                int count = 3 + random.nextInt(3);
                for (int k = 0; k < count; k++) {
                    double amount = round(Math.max(0.5, mean / count * (1 + 0.15 * gaussian(random))));
                    Instant t = start.plusMillis(d * DAY_MS + random.nextLong(DAY_MS));
                    out.add(SaleEvent.newBuilder()
                            .setSaleId(tenants[i] + "-" + d + "-" + k)
                            .setTenantId(tenants[i])
                            .setSeriesId(tenants[i] + ":daily-sales")
                            .setEventTime(t)
                            .setAmount(amount)
                            .setCurrency("USD")
                            .build());
                }
            }
        }
        out.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double round(double x) {
        return Math.round(x * 100.0) / 100.0;
    }
}
