package io.driftwatch.forecast.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One member of the ETS family of Hyndman, Koehler, Ord &amp; Snyder (2008), "Forecasting with
 * Exponential Smoothing: the State Space Approach": ETS(error, trend, season) with error
 * A(dditive)/M(ultiplicative), trend N(one)/A(dditive)/Ad (additive damped), season N/A/M.
 *
 * <p>Short names as R's {@code ets(model=)} writes them, with "d" for damping: {@code ANN},
 * {@code MAdM}, {@code AAA}. {@link #admissible} lists the models R's {@code ets} considers by
 * default ({@code restrict = TRUE}, no multiplicative trend): additive error never with a
 * multiplicative season (infinite variance), multiplicative error or season only for strictly
 * positive data.
 *
 * @param error error type
 * @param trend trend type
 * @param season season type
 */
public record EtsType(Error error, Trend trend, Season season) {

    /** Error type. */
    public enum Error { A, M }

    /** Trend type; AD is the additive damped trend. */
    public enum Trend { N, A, AD }

    /** Season type. */
    public enum Season { N, A, M }

    public EtsType {
        if (error == null || trend == null || season == null) {
            throw new IllegalArgumentException("error, trend and season are required");
        }
    }

    /** True with a (possibly damped) trend. */
    public boolean hasTrend() {
        return trend != Trend.N;
    }

    /** True for the damped trend. */
    public boolean damped() {
        return trend == Trend.AD;
    }

    /** True with a seasonal component. */
    public boolean seasonal() {
        return season != Season.N;
    }

    /** Short name, e.g. {@code MAdM}. */
    public String code() {
        return error.name() + (trend == Trend.AD ? "Ad" : trend.name()) + season.name();
    }

    /** The usual label, e.g. {@code ETS(M,Ad,M)}. */
    public String label() {
        return "ETS(" + error.name() + "," + (trend == Trend.AD ? "Ad" : trend.name()) + "," + season.name() + ")";
    }

    @Override
    public String toString() {
        return label();
    }

    /**
     * Parses a short name ({@code ANN}, {@code AAdM}, case-insensitive for the letters).
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static EtsType parse(String code) {
        String c = code == null ? "" : code.trim();
        String u = c.toUpperCase(Locale.ROOT);
        try {
            if (u.length() == 3) {
                return new EtsType(Error.valueOf(u.substring(0, 1)), Trend.valueOf(u.substring(1, 2)),
                        Season.valueOf(u.substring(2, 3)));
            }
            if (u.length() == 4 && u.charAt(2) == 'D' && u.charAt(1) == 'A') {
                return new EtsType(Error.valueOf(u.substring(0, 1)), Trend.AD, Season.valueOf(u.substring(3, 4)));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("not an ETS model code: '" + code
                + "'; expected error (A|M), trend (N|A|Ad), season (N|A|M), e.g. ANN, AAdN, MAM");
    }

    /**
     * The models worth fitting: non-seasonal ones always, seasonal ones when {@code m >= 2};
     * multiplicative error or season only for positive data; never additive error with a
     * multiplicative season.
     */
    public static List<EtsType> admissible(int m, boolean positive) {
        List<EtsType> out = new ArrayList<>();
        for (Error e : Error.values()) {
            if (e == Error.M && !positive) {
                continue;
            }
            for (Trend t : Trend.values()) {
                for (Season s : Season.values()) {
                    if (s != Season.N && m < 2) {
                        continue;
                    }
                    if (s == Season.M && (e == Error.A || !positive)) {
                        continue;
                    }
                    out.add(new EtsType(e, t, s));
                }
            }
        }
        return out;
    }
}
