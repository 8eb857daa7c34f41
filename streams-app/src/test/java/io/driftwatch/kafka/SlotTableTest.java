package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.driftwatch.kafka.SlotTable.Slot;

class SlotTableTest {

    private static List<String> order(SlotTable<Integer> t) {
        List<String> keys = new ArrayList<>();
        for (Slot<Integer> s = t.first(); s != null; s = s.after()) {
            keys.add(s.key);
        }
        return keys;
    }

    @Test
    void behavesLikeALinkedHashMapInInsertionOrderThroughGrowthAndRemovals() {
        SlotTable<Integer> table = new SlotTable<>(4);
        Map<String, Integer> model = new LinkedHashMap<>();
        Map<String, Slot<Integer>> slots = new HashMap<>();
        Random random = new Random(7);
        for (int step = 0; step < 50_000; step++) {
            String key = "k" + random.nextInt(3_000);
            Slot<Integer> found = table.get(key);
            assertThat(found == null ? null : found.value).isEqualTo(model.get(key));
            if (found == null) {
                Slot<Integer> s = new Slot<>(key, step, true, false);
                table.insert(s);
                model.put(key, step);
                slots.put(key, s);
            } else if (random.nextInt(3) == 0) {
                table.remove(found);
                model.remove(key);
                slots.remove(key);
                assertThat(found.key).isNull();
                assertThat(found.value).isNull();
                assertThat(found.linked()).isFalse();
            }
        }
        assertThat(table.size()).isEqualTo(model.size());
        assertThat(order(table)).containsExactlyElementsOf(model.keySet());
        model.keySet().forEach(k -> assertThat(table.containsKey(k)).isTrue());
        assertThat(table.containsKey("absent")).isFalse();
    }

    @Test
    void keysWithTheSameHashShareABucketAndStayApart() {
        // "Aa" and "BB" have the same String hash, and so do all their concatenations
        SlotTable<Integer> table = new SlotTable<>(16);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            StringBuilder k = new StringBuilder();
            for (int bit = 0; bit < 6; bit++) {
                k.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            keys.add(k.toString());
        }
        assertThat(keys.stream().mapToInt(String::hashCode).distinct().count()).isEqualTo(1);
        for (int i = 0; i < keys.size(); i++) {
            table.insert(new Slot<>(keys.get(i), i, false, true));
        }
        for (int i = 0; i < keys.size(); i++) {
            assertThat(table.get(new String(keys.get(i).toCharArray())).value).isEqualTo(i);
        }
        // from the middle of the chain, then its head and its tail
        for (int i : new int[] {31, 0, 63, 17}) {
            table.remove(table.get(keys.get(i)));
            assertThat(table.get(keys.get(i))).isNull();
        }
        assertThat(table.size()).isEqualTo(60);
        assertThat(table.get(keys.get(30)).value).isEqualTo(30);
    }

    @Test
    void clearReleasesEverySlotAndTheTableIsUsableAgain() {
        SlotTable<Integer> table = new SlotTable<>(0);
        Slot<Integer> a = new Slot<>("a", 1, false, true);
        table.insert(a);
        table.insert(new Slot<>("b", 2, false, true));
        table.clear();
        assertThat(table.size()).isZero();
        assertThat(table.first()).isNull();
        assertThat(a.key).isNull();
        assertThat(table.get("a")).isNull();
        table.insert(new Slot<>("a", 3, false, true));
        assertThat(order(table)).containsExactly("a");
        assertThatThrownBy(() -> table.insert(table.get("a"))).isInstanceOf(IllegalArgumentException.class);
    }
}
