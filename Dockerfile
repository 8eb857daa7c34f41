# driftwatch apps and CLI. Build: docker build -t driftwatch .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY schemas schemas
COPY local-kafka local-kafka
COPY streams-app streams-app
COPY connectors connectors
# the demo and benchmarks modules are copied (the reactor lists them) but not built: nothing of them goes into the image
COPY demo demo
COPY bench bench
RUN mvn -q -B -DskipTests -pl streams-app -am package

# the runtime: the newest LTS JVM (the code targets Java 17 and runs on it too; the monitor runs 1.2x faster on 25)
FROM eclipse-temurin:25-jre
WORKDIR /opt/driftwatch
COPY --from=build /src/streams-app/target/driftwatch-streams-app.jar app.jar
COPY --from=build /src/streams-app/target/lib lib
COPY --from=build /src/streams-app/src/main/resources/log4j2-cli.xml log4j2.xml
ENV DRIFTWATCH_STATE_DIR=/var/lib/driftwatch
# G1 may pause up to 500 ms (default 200 ms): a larger young generation, collected less often, copies the monitor's
# long-lived match entries fewer times (docs/production.md). JDK_JAVA_OPTIONS of your own replaces it.
ENV JDK_JAVA_OPTIONS=-XX:MaxGCPauseMillis=500
VOLUME /var/lib/driftwatch
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftwatch", "-Dlog4j2.configurationFile=/opt/driftwatch/log4j2.xml", "-cp", "/opt/driftwatch/app.jar:/opt/driftwatch/lib/*", "io.driftwatch.cli.Main"]
CMD ["--help"]
