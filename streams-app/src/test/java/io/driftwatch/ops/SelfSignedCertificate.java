package io.driftwatch.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1/localhost made with the JDK's keytool: a PKCS12 keystore
 * (key + certificate, for the broker) and a PKCS12 truststore holding only the certificate (for
 * clients). Tests only.
 */
record SelfSignedCertificate(Path keystore, Path truststore, String password) {

    static SelfSignedCertificate generate(Path dir, String name, String password)
            throws IOException, InterruptedException {
        Path keystore = dir.resolve(name + "-keystore.p12");
        Path cert = dir.resolve(name + ".crt");
        Path truststore = dir.resolve(name + "-truststore.p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
            "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool(
                "-exportcert",
                "-alias",
                name,
                "-keystore",
                keystore.toString(),
                "-storepass",
                password,
                "-rfc",
                "-file",
                cert.toString());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(),
            "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new SelfSignedCertificate(keystore, truststore, password);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
        }
    }
}
