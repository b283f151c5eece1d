# Build stage: the fat jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

# Runtime stage: a JRE, the jar and conf/, run as a non-root user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home /app proxy
WORKDIR /app
COPY --from=build /src/target/factory-proxy.jar /app/factory-proxy.jar
COPY conf /app/conf
USER 10001
EXPOSE 8000 5701
# JVM flags the performance numbers were measured with; override with JAVA_TOOL_OPTIONS.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms64m -Xmx256m -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/factory-proxy.jar"]
