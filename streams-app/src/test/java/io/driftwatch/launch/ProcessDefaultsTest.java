package io.driftwatch.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class ProcessDefaultsTest {

    @Test
    void formatsNumbersAsInTheUsWhateverTheHostLocale() {
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        Locale display = Locale.getDefault(Locale.Category.DISPLAY);
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(String.format("%.2f %,d", 1.5, 1234567)).isEqualTo("1,50 1.234.567");
            ProcessDefaults.apply();
            assertThat(String.format("%.2f %,d", 1.5, 1234567)).isEqualTo("1.50 1,234,567");
            assertThat(Locale.getDefault(Locale.Category.DISPLAY)).isEqualTo(Locale.GERMANY);
            assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNotBlank();
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, format);
            Locale.setDefault(Locale.Category.DISPLAY, display);
        }
    }
}
