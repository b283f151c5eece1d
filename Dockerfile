# Build stage: the fat jar.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The Maven Wrapper brings the pinned Maven; only a JDK is needed.
COPY mvnw pom.xml ./
COPY .mvn ./.mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src ./src
RUN ./mvnw -B -q -DskipTests package

# Runtime stage: a JRE, the jar and conf/, run as a non-root user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home /app proxy
WORKDIR /app
COPY --from=build /src/target/factory-proxy.jar /app/factory-proxy.jar
COPY conf /app/conf
# Class-data sharing archive for a faster start: a training run against a canned upstream inside the process
# (loopback only, fake keys) loads the start-up and request classes, and the JVM archives them at exit.
RUN java -XX:+UseSerialGC -Xms384m -Xmx384m -Xmn40m -XX:ArchiveClassesAtExit=/app/factory-proxy.jsa \
      -jar /app/factory-proxy.jar --cds-training > /tmp/cds-training.log 2>&1 \
    || (cat /tmp/cds-training.log; exit 1)
USER 10001
EXPOSE 8000 5701
# JVM flags the performance numbers were measured with (README, "Benchmark"); override with JAVA_TOOL_OPTIONS.
# 384 MiB of heap holds ~9,000 open streams (about 20 KiB each). The heap is sized once (-Xms = -Xmx): growing
# the old generation costs the serial collector a full collection each time, which stalled streams under load.
# A small young generation (-Xmn40m) keeps pauses short and few pages touched. Fewer glibc malloc arenas and a
# periodic trim of the native heap (JDK 17.0.9+) hand the JIT compiler's freed scratch memory back to the system.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms384m -Xmx384m -Xmn40m -XX:TrimNativeHeapInterval=2000 -XX:+ExitOnOutOfMemoryError -XX:SharedArchiveFile=/app/factory-proxy.jsa" \
    MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-jar", "/app/factory-proxy.jar"]
