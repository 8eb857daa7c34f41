package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class MatchEntryTest {

    private static MatchEntry sample() {
        MatchEntry e = new MatchEntry();
        e.hasActual = true;
        e.actual = 12.5;
        e.change = -0.25;
        e.revision = 3;
        e.actualTenant = "acmé"; // not ASCII: UTF-8 of more than one byte per char
        e.addWaiting(new MatchEntry.Waiting("p-1", "sales", "h7", null, 4, 1_700_000_000_000L, 1.5, 1.0, 2.0));
        e.addWaiting(new MatchEntry.Waiting("p-2\u0000x", "fx", "h1", "t\uD83D\uDE00", 1, -5L, Double.NaN,
                Double.NEGATIVE_INFINITY, Double.MAX_VALUE));
        e.addMatched("m-1");
        e.addMatched("");
        return e;
    }

    private static void assertSame(MatchEntry back, MatchEntry e) {
        assertThat(back.hasActual).isEqualTo(e.hasActual);
        assertThat(back.actual).isEqualTo(e.actual);
        assertThat(Double.doubleToLongBits(back.change)).isEqualTo(Double.doubleToLongBits(e.change));
        assertThat(back.revision).isEqualTo(e.revision);
        assertThat(back.actualTenant).isEqualTo(e.actualTenant);
        assertThat(back.waiting()).containsExactlyElementsOf(e.waiting());
        assertThat(back.matchedIds()).containsExactlyElementsOf(e.matchedIds());
    }

    @Test
    void roundTripsEveryField() {
        MatchEntry e = sample();
        assertSame(MatchEntry.fromBytes(e.toBytes()), e);
    }

    @Test
    void keepsOneTwoAndThreePredictionsInOrderAndKnowsEachIdOnce() {
        for (int n = 1; n <= 3; n++) {
            MatchEntry e = new MatchEntry();
            for (int i = 0; i < n; i++) {
                assertThat(e.knows("w-" + i)).isFalse();
                e.addWaiting(new MatchEntry.Waiting("w-" + i, "sales", "h7", null, 1, i, i, i, i));
                assertThat(e.knows("m-" + i)).isFalse();
                e.addMatched("m-" + i);
            }
            for (int i = 0; i < n; i++) {
                assertThat(e.knows("w-" + i)).as("waiting %d of %d", i, n).isTrue();
                assertThat(e.knows("m-" + i)).as("matched %d of %d", i, n).isTrue();
            }
            assertThat(e.knows("w-" + n)).isFalse();
            assertThat(e.waiting()).extracting(MatchEntry.Waiting::predictionId)
                .containsExactlyElementsOf(IntStream.range(0, n).mapToObj(i -> "w-" + i).toList());
            assertThat(e.matchedIds())
                .containsExactlyElementsOf(IntStream.range(0, n).mapToObj(i -> "m-" + i).toList());
            assertSame(MatchEntry.fromBytes(e.toBytes()), e);
            e.clearWaiting();
            assertThat(e.waiting()).isEmpty();
            assertThat(e.knows("w-0")).isFalse();
            assertThat(e.knows("m-0")).isTrue();
        }
    }

    @Test
    void roundTripsAnEmptyEntryWithoutTenant() {
        MatchEntry e = new MatchEntry();
        MatchEntry back = MatchEntry.fromBytes(e.toBytes());
        assertSame(back, e);
        assertThat(back.actualTenant).isNull();
        assertThat(back.change).isNaN();
        assertThat(MatchEntry.fromBytes(null).waiting()).isEmpty();
    }

    @Test
    void decodedEntriesShareOneInstanceOfEachModelHorizonAndTenantName() {
        MatchEntry a = MatchEntry.fromBytes(sample().toBytes());
        MatchEntry b = MatchEntry.fromBytes(sample().toBytes());
        assertThat(a.waiting().get(0).modelId()).isSameAs(b.waiting().get(0).modelId());
        assertThat(a.waiting().get(0).horizon()).isSameAs(b.waiting().get(0).horizon());
        assertThat(a.waiting().get(1).tenantId()).isSameAs(b.waiting().get(1).tenantId());
        assertThat(a.actualTenant).isSameAs(b.actualTenant);
        assertThat(a.waiting().get(0).predictionId()).as("ids are unique: not shared").isNotSameAs(
            b.waiting().get(0).predictionId());
        assertThat(MatchEntry.canonical(null)).isNull();
    }

    @Test
    void sharesAtMostABoundedNumberOfNamesSoUniqueNamesCannotGrowItWithoutEnd() {
        MatchEntry.Names names = new MatchEntry.Names(2);
        String sales = names.of(new String("sales"));
        assertThat(names.of(new String("fx"))).isEqualTo("fx");
        String late = names.of(new String("late"));
        assertThat(late).isEqualTo("late");
        assertThat(names.of(new String("late"))).as("past the bound, kept as it comes").isNotSameAs(late);
        assertThat(names.of(new String("sales"))).as("shared before the bound").isSameAs(sales);
    }

    @Test
    void readsTheEntriesOfTheEarlierLayout() throws IOException {
        MatchEntry e = sample();
        assertSame(MatchEntry.fromBytes(version1(e)), e);
    }

    @Test
    void refusesAnUnknownVersion() {
        byte[] bytes = sample().toBytes();
        bytes[0] = 9;
        assertThatThrownBy(() -> MatchEntry.fromBytes(bytes)).hasMessageContaining("version 9");
    }

    /** An entry as the earlier release wrote it (DataOutputStream, modified UTF-8, version 1). */
    private static byte[] version1(MatchEntry e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeBoolean(e.hasActual);
            out.writeDouble(e.actual);
            out.writeDouble(e.change);
            out.writeInt(e.revision);
            NullableStrings.write(out, e.actualTenant);
            out.writeInt(e.waiting().size());
            for (MatchEntry.Waiting w : e.waiting()) {
                out.writeUTF(w.predictionId());
                out.writeUTF(w.modelId());
                out.writeUTF(w.horizon());
                NullableStrings.write(out, w.tenantId());
                out.writeInt(w.configVersion());
                out.writeLong(w.issuedAt());
                out.writeDouble(w.yhat());
                out.writeDouble(w.lower());
                out.writeDouble(w.upper());
            }
            out.writeInt(e.matchedIds().size());
            for (String id : e.matchedIds()) {
                out.writeUTF(id);
            }
        }
        return bytes.toByteArray();
    }
}
