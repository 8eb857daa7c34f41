package io.driftwatch.serde;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Makes Avro trust the generated {@code io.driftwatch} classes when it instantiates them by
 * name (Avro 1.12 refuses classes outside a trusted list unless told otherwise).
 *
 * <p>Surefire sets {@code org.apache.avro.SERIALIZABLE_PACKAGES}, but the CLI and the apps run
 * outside Maven, and Avro reads that property only once, when {@link ClassSecurityValidator} is
 * first loaded. So besides setting the property when it is absent (for any code that reads it
 * later), this installs a global predicate that trusts whatever was trusted before plus the
 * {@value #TRUSTED_PACKAGE} package tree. Idempotent and thread-safe.
 */
final class AvroTrust {
    static final String TRUSTED_PACKAGE = "io.driftwatch";
    static final String PACKAGES_PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";

    private static boolean installed;

    private AvroTrust() {}

    /** Installs the trust once per JVM; later calls do nothing. */
    static synchronized void ensureTrusted() {
        if (installed) {
            return;
        }
        if (System.getProperty(PACKAGES_PROPERTY) == null) {
            System.setProperty(PACKAGES_PROPERTY, TRUSTED_PACKAGE);
        }
        ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityPredicate ours = AvroTrust::isDriftwatchClass;
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, ours));
        installed = true;
    }

    private static boolean isDriftwatchClass(Class<?> type) {
        String name = type.getName();
        return name.startsWith(TRUSTED_PACKAGE + ".");
    }
}
