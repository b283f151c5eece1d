# Build stage: the fat jar.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The Maven Wrapper brings the pinned Maven; only a JDK is needed.
COPY mvnw pom.xml ./
COPY .mvn ./.mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src ./src
RUN ./mvnw -B -q -DskipTests package

# Runtime stage: a Temurin 25 JRE (the jar targets Java 17 and runs on either; 25 starts and warms up faster with
# its AOT cache), the jar, conf/ and the launcher, run as a non-root user.
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home /app proxy
WORKDIR /app
COPY --from=build /src/target/factory-proxy.jar /app/factory-proxy.jar
COPY conf /app/conf
COPY deploy/factory-proxy /app/bin/factory-proxy
# The launcher (README, "Run") picks the JDK, the JVM flags and the start-up cache; the cache is made here, at
# build time, by its training run (a canned upstream inside the process, loopback only, fake keys): an AOT cache of
# the classes of start-up and of every dialect's requests, with their method profiles (JEP 483/514/515).
ENV FACTORY_PROXY_JAR=/app/factory-proxy.jar \
    FACTORY_PROXY_JAVA=/opt/java/openjdk/bin/java
RUN /app/bin/factory-proxy --build-cache || (cat /app/factory-proxy.jdk*.log; exit 1)
USER 10001
EXPOSE 8000 5701
# More JVM flags: FACTORY_PROXY_JAVA_OPTS (after the launcher's, so they win) or JAVA_TOOL_OPTIONS; heap size:
# FACTORY_PROXY_HEAP (384m).
ENTRYPOINT ["/app/bin/factory-proxy"]
