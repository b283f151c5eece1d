package dev.factoryproxy.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The fat jar started as its own process, as production runs it (the two-process ITs); its log goes to a file. */
public final class JarProcess {
  public static final Path JAR = Path.of("target", "factory-proxy.jar");
  public static final Path LOGS = Path.of("target", "it-logs");

  private JarProcess() {
  }

  /** Starts the jar with the shipped {@code conf/config.json} and {@code env} on top; logs in target/it-logs/NAME.log. */
  public static Process launch(String name, Map<String, String> env) throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException("run `mvn package` first: " + JAR + " is missing");
    }
    Files.createDirectories(LOGS);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toString())
      .redirectErrorStream(true)
      .redirectOutput(LOGS.resolve(name + ".log").toFile());
    builder.environment().putAll(env);
    builder.environment().put("PROXY_CONFIG", new File("conf/config.json").getAbsolutePath());
    return builder.start();
  }
}
