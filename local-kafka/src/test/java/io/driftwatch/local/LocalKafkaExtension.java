package io.driftwatch.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives integration tests a real in-process Kafka broker.
 *
 * <p>One broker is shared by every test class of a JVM (started on first use, closed when JUnit's
 * root context closes), so the suite pays the start-up once. Tests keep apart by using their own
 * topic prefix and application ids. Declare a {@link LocalKafkaBroker} parameter to receive it:
 *
 * <pre>{@code
 * @ExtendWith(LocalKafkaExtension.class)
 * class SomethingIT {
 *     @Test void works(LocalKafkaBroker broker) { ... broker.bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class LocalKafkaExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalKafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException {
        return context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent("broker", key -> new SharedBroker(LocalKafkaBroker.start()), SharedBroker.class)
            .broker;
    }

    /** Closes the broker when the root context (the whole test run) closes. */
    private record SharedBroker(LocalKafkaBroker broker) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            broker.close();
        }
    }
}
