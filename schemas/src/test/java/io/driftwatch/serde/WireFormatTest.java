package io.driftwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void parsesNamesIgnoringCaseAndSpaces() {
        assertThat(WireFormat.parse("avro")).isEqualTo(WireFormat.AVRO);
        assertThat(WireFormat.parse(" Json ")).isEqualTo(WireFormat.JSON);
    }

    @Test
    void rejectsOtherNamesListingTheValidOnes() {
        assertThatThrownBy(() -> WireFormat.parse("protobuf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown wire format 'protobuf'; valid values: AVRO, JSON (case-insensitive)");
        assertThatThrownBy(() -> WireFormat.parse(null))
                .hasMessage("Unknown wire format 'null'; valid values: AVRO, JSON (case-insensitive)");
    }
}
