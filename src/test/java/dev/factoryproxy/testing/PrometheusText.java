package dev.factoryproxy.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4): every line is a {@code # HELP}/{@code # TYPE} comment or a
 * sample {@code name{label="value",...} number}; anything else fails the test that reads it.
 */
public final class PrometheusText {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: -?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"(?:,|$)");
  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

  public record Sample(String name, Map<String, String> labels, double value) {
  }

  private final List<Sample> samples;
  private final Map<String, String> types;

  private PrometheusText(List<Sample> samples, Map<String, String> types) {
    this.samples = samples;
    this.types = types;
  }

  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("# HELP ")) {
        continue;
      }
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        types.put(type.group(1), type.group(2));
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw new AssertionError("not a Prometheus text line: " + line);
      }
      samples.add(new Sample(sample.group(1), labels(sample.group(2), line), number(sample.group(3), line)));
    }
    return new PrometheusText(samples, types);
  }

  /** The declared type of a metric family ({@code # TYPE}), or null. */
  public String type(String family) {
    return types.get(family);
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The sum over samples of this name whose labels include all of {@code labels}; 0 when none. */
  public double sum(String name, Map<String, String> labels) {
    return samples.stream()
      .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
      .mapToDouble(Sample::value).sum();
  }

  public double sum(String name) {
    return sum(name, Map.of());
  }

  private static Map<String, String> labels(String text, String line) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return labels;
    }
    Matcher m = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new AssertionError("bad labels in: " + line);
      }
      labels.put(m.group(1), m.group(2));
      at = m.end();
    }
    return labels;
  }

  private static double number(String text, String line) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new AssertionError("bad value in: " + line);
        }
    }
  }
}
