package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;


class DeadLetterCounterTest {

    @Test
    void reasonIsTheBadRecordCodeEvenWhenWrappedElseTheExceptionClass() {
        assertThat(DeadLetterCounter.reasonOf(new BadRecordException("wrong-partition", "key 'x' belongs in 1")))
                .isEqualTo("wrong-partition");
        assertThat(DeadLetterCounter.reasonOf(new StreamsException(new BadRecordException("too-late", "..."))))
            .isEqualTo("too-late");
        assertThat(DeadLetterCounter.reasonOf(new IllegalStateException("boom"))).isEqualTo("IllegalStateException");
        assertThat(DeadLetterCounter.reasonOf(null)).isEqualTo("unknown");
    }
}
